import { exitOnConfigError } from '../../src/config/config-error';
import { loadConfigFromProcess, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { embeddedSandboxFaults, startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';

/**
 * With no live target, the run's sandbox is started here, in Playwright's runner process: it is up
 * before the first worker starts (no polling), every worker finds it through the environment, and
 * it stops with the runner, whichever way the runner ends.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const config = exitOnConfigError(loadConfigFromProcess);
  if (config.target.kind !== 'sandbox' || config.target.root) return undefined;
  exitOnConfigError(() => embeddedSandboxFaults(process.env.SANDBOX_FAULTS));
  const sandbox = await startEmbeddedSandbox({ faults: process.env.SANDBOX_FAULTS });
  process.env[SANDBOX_URL_VARIABLE] = sandbox.url;
  return () => sandbox.close();
}
