import { dirname, join } from 'node:path';
import { CONFIG_EXIT_CODE, exitOnConfigError } from '../../src/config/config-error';
import { SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { embeddedSandboxOptions, startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import { checkOwnFiles, OWN_FILES_CHECKED_VARIABLE } from '../../src/knowledge/own-files';
import { preflightRun, shareLooks } from '../../src/run/run-preflight';
import { RUN_SECRETS_VARIABLE } from '../../src/security/run-secrets';
import { runConfiguration, runSettings } from '../../src/targets/run-configuration';
import type { RunTarget } from '../../src/targets/targets-file';

/**
 * Before any check: our own files are checked (a broken one makes the run a monitor error), and,
 * with no live target, the run's sandbox is started here, in Playwright's runner process: it is up
 * before the first worker starts (no polling), every worker finds it through the environment, and
 * it stops with the runner, whichever way the runner ends.
 */
/**
 * The preflight (src/run/preflight.ts): a target that does not answer, or refuses our client, is
 * said once here and its checks are not run; our own mistake on a target never seen to work is one
 * line and exit 2. What it saw goes to the workers through the run's folder.
 */
async function lookFirst(targets: RunTarget[]): Promise<void> {
  const interactive = !!process.stdout.isTTY && !runSettings().inCI;
  const { looks, stopWith } = await preflightRun(targets, { reportsDir: process.env.PLUVO_REPORTS_DIR ?? 'reports', interactive });
  if (stopWith) {
    process.stderr.write(`pluvo-contract-monitor: ${stopWith.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  for (const target of targets) {
    const look = looks[target.identity.key];
    if (look?.state === 'unavailable' || look?.state === 'credentials')
      process.stdout.write(`preflight: ${target.identity.label}: ${look.message}; its checks are not run.\n`);
    else if (look?.state === 'answers' && look.note) process.stdout.write(`preflight: ${target.identity.label}: ${look.note}\n`);
  }
  const secrets = process.env[RUN_SECRETS_VARIABLE];
  if (secrets) shareLooks(join(dirname(secrets), 'preflight.json'), looks);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { targets } = exitOnConfigError(runConfiguration);
  // Run directly (not through npm start, which checked them already), a broken file of ours is an
  // error outside any check: the run is a monitor error, never 47 failed contracts.
  try {
    if (!process.env[OWN_FILES_CHECKED_VARIABLE]) for (const target of targets) checkOwnFiles(target.knowledge);
  } catch (error) {
    const failure = new Error((error as Error).message);
    failure.stack = failure.message;
    throw failure;
  }
  const [first] = targets;
  const embedded = targets.length === 1 && first!.config.target.kind === 'sandbox' && !first!.config.target.root;
  if (!embedded) {
    await lookFirst(targets);
    return async () => undefined;
  }
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
  await lookFirst([{ ...first!, config: { ...first!.config, target: { kind: 'sandbox', root: sandbox.url } } }]);
  return async () => {
    // What the run cost, as the server counted it: a run's cost must not grow with the organisation.
    process.stdout.write(`embedded sandbox: served ${sandbox.requests} requests\n`);
    await sandbox.close();
  };
}
