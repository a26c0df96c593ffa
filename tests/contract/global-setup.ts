import { CONFIG_EXIT_CODE, exitOnConfigError } from '../../src/config/config-error';
import { embeddedSandboxOptions, startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import { serveEngine } from '../../src/engine/channel';
import { withAttachmentFiles } from '../../src/engine/check-report';
import { Engine } from '../../src/engine/engine';
import { keepRunnerEngine } from '../../src/engine/runner-engine';
import { loadContracts } from '../../src/contracts/manifest';
import { checkOwnFiles } from '../../src/knowledge/own-files';
import { carryOnWhenOutputCloses } from '../../src/process/closed-output';
import { stopGracefullyOnSignals } from '../../src/process/runner-signals';
import { preflightEach, preflightRun } from '../../src/run/run-preflight';
import type { Preflight } from '../../src/run/preflight';
import { runConfiguration, runSettings } from '../../src/targets/run-configuration';
import { runAppOperations, targetsFileSetAside, type RunTarget } from '../../src/targets/targets-file';

/**
 * The run, in Playwright's runner process, before any test: our own files are checked (a broken
 * one makes the run a monitor error), the embedded sandbox is started when no live target is set,
 * the preflight looks at every target, and the run's engine (src/engine/engine.ts) is made and
 * served to the workers. Its checks begin once Playwright has selected the tests
 * (src/engine/begin-reporter.ts). Everything here stops with the runner, however it ends.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // One stop for the whole run: SIGINT, SIGTERM and SIGHUP stop the engine, and Playwright writes the run as interrupted.
  let engine: Engine | undefined;
  stopGracefullyOnSignals(() => engine?.stop());
  carryOnWhenOutputCloses();
  const { targets } = exitOnConfigError(runConfiguration);
  // Run directly (not through npm start), a broken file of ours is an error outside any check: the
  // run is a monitor error, never 47 failed contracts.
  // Our operations are the run's, one folder for every target (PLUVO_CONTRACTS_DIR): parsed once, for the check of our files and the engine.
  let operations;
  let appOperations;
  try {
    operations = loadContracts(targets[0]!.knowledge.contractsDir);
    appOperations = runAppOperations(process.env);
    for (const target of targets) checkOwnFiles(target.knowledge, operations);
  } catch (error) {
    throw bare((error as Error).message);
  }
  const [first] = targets;
  const embedded = targets.length === 1 && first!.config.target.kind === 'sandbox' && !first!.config.target.root;
  let sandbox: Awaited<ReturnType<typeof startEmbeddedSandbox>> | undefined;
  if (embedded) {
    try {
      sandbox = await startEmbeddedSandbox(embeddedSandboxOptions(process.env));
    } catch (error) {
      // The monitor's own failure: thrown, so the run ends as a monitor error that the reporters see.
      throw bare(`the embedded sandbox could not start: ${(error as Error).message}`);
    }
  }
  const runTargets: RunTarget[] = sandbox ? [{ ...first!, config: { ...first!.config, target: { kind: 'sandbox', root: sandbox.url } } }] : targets;
  const run = new Engine(runTargets, { operations, appOperations });
  engine = run;
  await lookFirst(run, runTargets);
  const { config } = first!;
  const paging =
    config.walk === 'full'
      ? 'full walks of every connection, about count / 50 requests each, with progress every 10 s'
      : `sampled paging, ${config.pagingPages} requests a connection, PLUVO_PAGING_SEED=${config.pagingSeed}`;
  process.stdout.write(`pluvo-contract-monitor: checking ${targets.map(({ identity }) => identity.label).join(', ')} (${paging})\n`);
  const setAside = targetsFileSetAside(process.env);
  if (setAside) process.stdout.write(`pluvo-contract-monitor: ${setAside}\n`);
  const served = await serveEngine({
    plan: () => run.plan(),
    report: async (question) => {
      const report = await run.report(question.target, question.check, question.attempt);
      return question.outputDir ? withAttachmentFiles(report, question.outputDir) : report;
    },
    own: (question) => run.ownQuery(question.target, question),
  });
  keepRunnerEngine(run);
  // A run Playwright will not narrow selects every check: they start now, while Playwright loads
  // the suite and starts its workers, not after. A narrowed run waits for Playwright's selection
  // (src/engine/begin-reporter.ts), so that it sends only the requests of the checks it selected.
  if (!narrowed(process.argv.slice(process.argv.indexOf('test') + 1))) run.begin(run.everything());
  return async () => {
    await served.close();
    // What the run cost, as the server counted it: a run's cost must not grow with the organisation.
    if (sandbox) {
      process.stdout.write(`embedded sandbox: served ${sandbox.requests} requests\n`);
      await sandbox.close();
    }
  };
}

/**
 * The preflight (src/run/preflight.ts): a target that does not answer, or refuses our client, is
 * said once here and its checks are not run; our own mistake on a target never seen to work is one
 * line and exit 2.
 */
async function lookFirst(engine: Engine, targets: RunTarget[]): Promise<void> {
  // Several organisations: each one's checks begin when its own look is in; one that never answers delays only its own.
  if (targets.length > 1) {
    const looks = preflightEach(targets);
    for (const target of targets) void looks[target.identity.key]!.then((look) => sayLook(target, look));
    engine.lookLater(looks);
    return;
  }
  const interactive = !!process.stdout.isTTY && !runSettings().inCI;
  const { looks, stopWith } = await preflightRun(targets, { reportsDir: process.env.PLUVO_REPORTS_DIR ?? 'reports', interactive });
  if (stopWith) {
    process.stderr.write(`pluvo-contract-monitor: ${stopWith.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  for (const target of targets) sayLook(target, looks[target.identity.key]);
  engine.setLooks(looks);
}

/** What the preflight saw of a target, when it is worth a line. */
function sayLook(target: RunTarget, look: Preflight | undefined): void {
  if (look?.state === 'unavailable' || look?.state === 'credentials')
    process.stdout.write(`preflight: ${target.identity.label}: ${look.message}; its checks are not run.\n`);
  else if (look?.state === 'answers' && look.note) process.stdout.write(`preflight: ${target.identity.label}: ${look.note}\n`);
}

/** Options of `playwright test` that leave every test selected; anything else may narrow the run. */
const NOT_NARROWING = new Set([
  '--config',
  '-c',
  '--workers',
  '-j',
  '--reporter',
  '--quiet',
  '--output',
  '--timeout',
  '--max-failures',
  '-x',
  '--forbid-only',
  '--fail-on-flaky-tests',
]);
const TAKES_VALUE = new Set(['--config', '-c', '--workers', '-j', '--reporter', '--output', '--timeout', '--max-failures']);

function narrowed(args: readonly string[]): boolean {
  for (let index = 0; index < args.length; index++) {
    const [name] = args[index]!.split('=');
    if (!NOT_NARROWING.has(name!)) return true;
    if (TAKES_VALUE.has(name!) && !args[index]!.includes('=')) index++;
  }
  return false;
}

/** An error that says its message alone: a stack would tell the reader nothing. */
function bare(message: string): Error {
  const error = new Error(message);
  error.stack = error.message;
  return error;
}
