import { exitOnConfigError } from '../../src/config/config-error';
import { SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { embeddedSandboxOptions, startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import { checkOwnFiles } from '../../src/knowledge/own-files';
import { runConfiguration } from '../../src/targets/run-configuration';

/**
 * Before any check: our own files are checked (a broken one makes the run a monitor error), and,
 * with no live target, the run's sandbox is started here, in Playwright's runner process: it is up
 * before the first worker starts (no polling), every worker finds it through the environment, and
 * it stops with the runner, whichever way the runner ends.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { targets } = exitOnConfigError(runConfiguration);
  // Run directly (not through npm start), a broken file of ours is an error outside any check:
  // the run is a monitor error, never 47 failed contracts.
  try {
    for (const target of targets) checkOwnFiles(target.knowledge);
  } catch (error) {
    const failure = new Error((error as Error).message);
    failure.stack = failure.message;
    throw failure;
  }
  const [first] = targets;
  if (targets.length > 1 || first!.config.target.kind !== 'sandbox' || first!.config.target.root) return async () => undefined;
  // A sandbox that cannot start is the monitor's own failure: thrown, so the run ends as a
  // monitor error that the reporters see, instead of the runner exiting before they can say so.
  let sandbox;
  try {
    sandbox = await startEmbeddedSandbox(embeddedSandboxOptions(process.env));
  } catch (error) {
    const failure = new Error(`the embedded sandbox could not start: ${(error as Error).message}`);
    failure.stack = failure.message;
    throw failure;
  }
  process.env[SANDBOX_URL_VARIABLE] = sandbox.url;
  return async () => {
    // What the run cost, as the server counted it: a run's cost must not grow with the organisation.
    process.stdout.write(`embedded sandbox: served ${sandbox.requests} requests\n`);
    await sandbox.close();
  };
}
