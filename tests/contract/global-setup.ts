import { CONFIG_EXIT_CODE, exitOnConfigError } from '../../src/config/config-error';
import { serveEngine } from '../../src/engine/channel';
import { withAttachmentFiles } from '../../src/engine/check-report';
import type { Engine } from '../../src/engine/engine';
import { SELECTS_EVERY_TEST } from '../../src/engine/plan-from-files';
import { startRun } from '../../src/engine/run-start';
import { keepRunnerEngine } from '../../src/engine/runner-engine';
import { carryOnWhenOutputCloses } from '../../src/process/closed-output';
import { stopGracefullyOnSignals } from '../../src/process/runner-signals';
import { runConfiguration, runSettings } from '../../src/targets/run-configuration';

/**
 * The run, in Playwright's runner process, before any test: the run starts
 * (src/engine/run-start.ts: our own files checked, the embedded sandbox, the engine, the
 * preflight) and its engine is served to the workers. Its checks begin once Playwright has
 * selected the tests (src/engine/begin-reporter.ts). Everything here stops with the runner,
 * however it ends.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // One stop for the whole run: SIGINT, SIGTERM and SIGHUP stop the engine, and Playwright writes the run as interrupted.
  let engine: Engine | undefined;
  stopGracefullyOnSignals(() => engine?.stop());
  carryOnWhenOutputCloses();
  // Run directly (not through npm start), a broken file of ours is an error outside any check (thrown
  // by startRun): the run is a monitor error, never 47 failed contracts. A broken setting is one line, exit 2.
  exitOnConfigError(runConfiguration);
  const start = await startRun({
    say: (line) => process.stdout.write(`${line}\n`),
    reportsDir: process.env.PLUVO_REPORTS_DIR ?? 'reports',
    interactive: !!process.stdout.isTTY && !runSettings().inCI,
    made: (made) => {
      engine = made;
    },
  });
  if ('refused' in start) {
    process.stderr.write(`pluvo-contract-monitor: ${start.refused}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  const { engine: run, close } = start.started;
  const served = await serveEngine({
    plan: () => run.plan(),
    report: async (question) => {
      const report = await run.report(question.target, question.check, question.attempt);
      return question.outputDir ? withAttachmentFiles(report, question.outputDir) : report;
    },
    reportsOf: (target) => run.reportsOf(target),
    own: (question) => run.ownQuery(question.target, question),
  });
  keepRunnerEngine(run);
  // A run Playwright will not narrow selects every check: they start now, while Playwright loads
  // the suite and starts its workers, not after. A narrowed run waits for Playwright's selection
  // (src/engine/begin-reporter.ts), so that it sends only the requests of the checks it selected.
  if (!narrowed(process.argv.slice(process.argv.indexOf('test') + 1))) run.begin(run.everything());
  return async () => {
    await served.close();
    await close();
  };
}

/** Whether Playwright may narrow the run: any option but those that leave every test selected. */
function narrowed(args: readonly string[]): boolean {
  for (let index = 0; index < args.length; index++) {
    const [name] = args[index]!.split('=');
    const option = SELECTS_EVERY_TEST[name!];
    if (!option) return true;
    if (option.takesValue && !args[index]!.includes('=')) index++;
  }
  return false;
}
