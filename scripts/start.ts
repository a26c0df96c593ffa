/**
 * `npm start`: one monitoring run. Everything of ours is checked first, so a mistake is one line
 * and exit 2 before any request: the command line, the configuration, our own files, and a filter
 * that would select no check. Then the contract suite runs (with the embedded sandbox when no live
 * target is set), alone on its reports folder, and its exit code is ours.
 *
 * A stop is a stop, whichever process it reaches: SIGINT or SIGTERM to this command, to its process
 * group (a cancelled CI job, systemd), or to the npm above it (which exits without passing signals
 * on, so this command watches it). The run is stopped gracefully (its reporters write it as
 * interrupted), ended outright after a grace period or on a second signal, and nothing it started
 * outlives the command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { PLAYWRIGHT_CLI } from './support/playwright-cli';
import { join } from 'node:path';
import { CONFIG_EXIT_CODE, exitOnConfigError } from '../src/config/config-error';
import { engineModule } from '../src/files/engine-file';
import { embeddedSandboxOptions } from '../src/embedded/embedded-sandbox';
import { loadContracts } from '../src/contracts/manifest';
import { checkOwnFiles } from '../src/knowledge/own-files';
import { ancestorsUpToNpm, whenAnyEnds } from '../src/process/ancestors';
import { carryOnWhenOutputCloses } from '../src/process/closed-output';
import { lockReportsFolder } from '../src/process/exclusive-lock';
import { runConfiguration } from '../src/targets/run-configuration';
import { runAppOperations } from '../src/targets/run-app-operations';
import { ONLY_TARGETS_VARIABLE, targetsPath } from '../src/targets/targets-file';
import { dueMigrations } from '../src/setup/migrations';
import { userContractsDir } from '../src/knowledge/layout';
import { descendantsOf, endOutright } from '../src/process/process-tree';
import { endOf, exitCodeOf, isStopSignal, STOP_SIGNALS } from '../src/process/stop-signals';
// Loaded with the rest, though only a stopped run needs it: loaded once stopped, it could not be
// compiled (on a fresh machine, or after an upgrade) when the stop came to the process group,
// which ends tsx's esbuild service too. It costs nothing measurable here.
import { recordRunWithoutReports } from '../src/report/unreported-run';
import { typedAs } from './support/command-line';
import { ArgumentError, parseRunArguments, seeHelp, usage } from './support/run-arguments';
import { unwritableReports } from './support/reports-folder';
import { refuseUnknownTargets } from './support/target-choice';

/** How long a stopped run may take to write its reports before it is ended outright. */
const STOP_GRACE_MS = 20_000;

carryOnWhenOutputCloses();

function fail(message: string): never {
  process.stderr.write(`${typedAs('npm start').typed}: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

let args;
try {
  args = parseRunArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ArgumentError)) throw error;
  fail(error.message);
}
if (args.help) {
  process.stdout.write(usage());
  process.exit(0);
}
if (args.full) process.env.PLUVO_WALK = 'full';
refuseUnknownTargets(args.targets, fail);
// Narrowed to some targets, the run needs only their credentials (a job that holds one organisation's secrets).
if (args.targets.length) process.env[ONLY_TARGETS_VARIABLE] = args.targets.join(',');
// The configuration, and the targets of the run whole (names, keys, credentials' variables), before anything runs.
const { targets } = exitOnConfigError(runConfiguration);
const config = targets[0]!.config;
// Our own files are configuration: a broken one is one line here, not 47 failed checks there. The
// operations are the run's, one folder for every target: parsed once, as the run parses them.
const operations = exitOnConfigError(() => loadContracts(targets[0]!.knowledge.contractsDir));
for (const target of targets) exitOnConfigError(() => checkOwnFiles(target.knowledge, operations));
// And so are the application's operations the settings name: a file that is not GraphQL is one line, exit 2.
exitOnConfigError(() => runAppOperations(process.env));
// A file of the user's in an older format still runs; the run says what would bring it up to date.
const due = dueMigrations(process.cwd(), { contractsDir: userContractsDir(process.env), targetsFile: targetsPath(process.env) });
if (due.length)
  process.stderr.write(
    `pluvo-contract-monitor: a migration is due (${due.map((migration) => migration.says).join('; ')}); npx pluvo-monitor migrate makes it.\n`,
  );
const usesSandbox = targets.length === 1 && config.target.kind === 'sandbox';
if (usesSandbox) exitOnConfigError(() => embeddedSandboxOptions(process.env));
if (args.narrowed) {
  // The suite's plan, and with it every check's module, is loaded only for a run that needs it counted.
  const { countSelected } = await import('./support/selection');
  const selected = countSelected(args.playwright);
  if ('problem' in selected) fail(`${args.playwright.join(' ')}: ${selected.problem}. ${seeHelp()}`);
  if (!selected.count)
    fail(
      `${args.playwright.join(' ')} selects no check. Tags are @auth, @transport, @paging, @shape and @schema; titles are listed by ${typedAs('npm start').typed} ${typedAs('npm start').beforeOptions}--list.`,
    );
}

// The stop is heard before the run's lock is taken and the run starts: until Node has a handler, a
// signal ends this command outright and would leave the lock, or the run it had just started,
// behind (npm run alert met it; the same holds here). From here to the run's start nothing waits,
// so a signal that comes meanwhile is heard once the run has started, and stops it.
let run: ChildProcess | undefined;
let stopping: NodeJS.Signals | undefined;
let stoppedAt = 0;
/**
 * One stop reaches this command by several paths at once (Ctrl-C to the group, the monitor passing
 * it on, npm's end): what arrives within this long of the first is the same stop, not a second.
 */
const SAME_STOP_MS = 1_500;
/** Everything the run started, ended at once: the runner, its workers, the embedded sandbox in it. */
const endRun = () => {
  if (run?.pid) endOutright([run.pid, ...descendantsOf(run.pid)]);
};
function stop(why: NodeJS.Signals, said: string, secondEndsAll = true): void {
  // The end of the npm above is never a second stop: a stop to the group brings it about by itself.
  if (stopping && (!secondEndsAll || Date.now() - stoppedAt < SAME_STOP_MS)) return;
  if (stopping) {
    process.stderr.write(`pluvo-contract-monitor: ${why} again: ending the run now\n`);
    endRun();
    return;
  }
  stopping = why;
  stoppedAt = Date.now();
  // Said so that it holds whenever the stop comes: once every check has ended, the run is written as it ended.
  process.stderr.write(`pluvo-contract-monitor: ${said}: stopping the run (what has not ended is written as interrupted); ${why} again ends it at once\n`);
  // Playwright stops gracefully on SIGINT: running checks are marked interrupted and the reporters write.
  run?.kill('SIGINT');
  setTimeout(() => {
    process.stderr.write(`pluvo-contract-monitor: the run did not stop within ${STOP_GRACE_MS / 1000} s: ending it\n`);
    endRun();
  }, STOP_GRACE_MS).unref();
}
for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal, signal));
// npm exits on a signal to its pid without passing it on: its going is our signal.
whenAnyEnds(ancestorsUpToNpm(), (ended) => stop('SIGTERM', `the process that started this run (pid ${ended.pid}) is gone`, false));

// One run per reports folder, whatever was killed before: the lock names this command and the
// runner under it, and stands while either runs.
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
// A reports folder that cannot be written is one line before anything runs, never a stack trace.
const taking = lockReportsFolder(reports, 'run.lock', 'run');
if ('unwritable' in taking) fail(unwritableReports(reports, taking.unwritable, 'the run'));
const locked = taking;
if (!locked.taken) {
  const pids = locked.holder.holders.map((holder) => holder.pid).join(', ');
  fail(
    `another run is writing ${reports}/ (pid ${pids}, since ${locked.holder.since || 'unknown'}); wait for it, or give this run a PLUVO_REPORTS_DIR of its own.`,
  );
}
const lock = locked.lock;
// The previous run's results must never read as this one's, if this one ends before writing its own.
if (!args.sharded && !process.argv.includes('--list'))
  for (const name of ['results.json', 'junit.xml', 'html']) rmSync(join(reports, name), { recursive: true, force: true });

run = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '--config', engineModule('playwright.config'), ...args.playwright], { stdio: 'inherit' });
if (run.pid) lock.add(run.pid);

run.on('close', (code, signal) => {
  // A stop to the group reaches the runner too, and one that has not loaded yet has no handler: it
  // can be gone before this command has heard its own copy of the signal (its handler would then
  // never run). A runner ended by a stop's signal is that stop.
  if (!stopping && isStopSignal(signal)) {
    stopping = signal;
    stoppedAt = Date.now();
  }
  // A runner ended before its reporters wrote anything still leaves its line in the history.
  if (stopping && !existsSync(join(reports, 'results.json')) && !args.sharded) {
    try {
      recordRunWithoutReports(
        reports,
        targets.map((t) => t.identity),
        'the run was ended before it could write its reports',
      );
    } catch (error) {
      process.stderr.write(`pluvo-contract-monitor: the history could not be written: ${(error as Error).message.split('\n')[0]}\n`);
    }
  }
  lock.release();
  // A stopped run exits as stopped by its signal (130, 143, 129), whatever its runner said: what
  // cron, systemd and npm read as a stop.
  process.exit(stopping ? exitCodeOf(stopping) : endOf(code, signal));
});
