import { exitOnConfigError } from '../../src/config/config-error';
import { loadConfigFromProcess, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { embeddedSandboxOptions, startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';

/**
 * With no live target, the run's sandbox is started here, in Playwright's runner process: it is up
 * before the first worker starts (no polling), every worker finds it through the environment, and
 * it stops with the runner, whichever way the runner ends.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const config = exitOnConfigError(loadConfigFromProcess);
  if (config.target.kind !== 'sandbox' || config.target.root) return undefined;
  const sandbox = await startEmbeddedSandbox(exitOnConfigError(() => embeddedSandboxOptions(process.env)));
  process.env[SANDBOX_URL_VARIABLE] = sandbox.url;
  return async () => {
    // What the run cost, as the server counted it: a run's cost must not grow with the organisation.
    process.stdout.write(`embedded sandbox: served ${sandbox.requests} requests\n`);
    await sandbox.close();
  };
}
