/**
 * `npm run monitor`: the scheduler. One run now, then one every interval (hourly by default),
 * until stopped; never two at once: a run that overruns its slot delays the next instead of
 * overlapping, and a second monitor on the same reports folder refuses to start.
 *
 *   npm run monitor                      a run now, then every 60 minutes, until stopped
 *   npm run monitor -- --every 15m       every 15 minutes
 *   npm run monitor -- --runs 3          stop after three runs
 *   npm run monitor -- --once            one run, with the lock, state and history (cron, systemd)
 *   npm run monitor -- -- --grep @auth   arguments after a second -- go to every run
 *
 * SIGINT or SIGTERM (or the end of the npm above it, which passes no signal on) stops the run in
 * progress gracefully, written as interrupted and alerting nobody, then releases the lock and
 * exits, within 30 s; a second signal ends everything at once. --once exits with its run's code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseInterval } from '../src/config/interval';
import { CONFIG_EXIT_CODE } from '../src/config/config-error';
import { nodeArgumentsFor } from '../src/files/engine-file';
import { ancestorsUpToNpm, whenAnyEnds } from '../src/process/ancestors';
import { carryOnWhenOutputCloses } from '../src/process/closed-output';
import { isHeld, lockReportsFolder, readHolder } from '../src/process/exclusive-lock';
import { descendantsOf, endOutright } from '../src/process/process-tree';
import { endOf, exitCodeOf, isStopSignal, STOP_SIGNALS } from '../src/process/stop-signals';
import { counted } from '../src/text/counted';
import { answerHelp, type CommandSpec, explainArgumentError, refuse } from './support/command-line';
import { unwritableReports } from './support/reports-folder';
// Loaded with the rest, though only a stopped run needs it: loaded once stopped, it could not be
// compiled (on a fresh machine, or after an upgrade) when the stop came to the process group,
// which ends tsx's esbuild service too.
import { recordStoppedBeforeStart } from './support/stopped-before-start';

/** How long the monitor waits for a stopped run (which itself ends outright after 20 s). */
const STOP_WAIT_MS = 25_000;
carryOnWhenOutputCloses();

function fail(message: string): never {
  process.stderr.write(`monitor: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

/** The interval, said by where it was set: --every on the command line, or MONITOR_EVERY. */
function intervalOf(text: string, setIn: '--every' | 'MONITOR_EVERY'): number {
  const ms = parseInterval(text);
  if (ms === undefined) fail(`${setIn} takes a number with s, m or h (e.g. 60m), not "${text}".`);
  if (ms < 1_000) fail(`${setIn} must be at least 1s.`);
  return ms;
}

const COMMAND: CommandSpec = {
  name: 'monitor',
  typed: 'npm run monitor',
  does: `The scheduler: one run now, then one every interval, until stopped; never two at once (a run that
overruns its slot delays the next, and a second monitor on the same reports folder refuses to start).
SIGINT, SIGTERM or SIGHUP stops the run in progress, written as interrupted, within 30 s.`,
  options: {
    every: { type: 'string', value: '60m', says: 'the interval, in s, m or h (MONITOR_EVERY; 60m when unset)' },
    runs: { type: 'string', value: 'N', says: 'stop after N runs' },
    once: { type: 'boolean', says: 'one run, with the lock, state and history, and its exit code (cron, systemd)' },
  },
  examples: [
    ['npm run monitor -- --every 15m', 'every 15 minutes'],
    ['npm run monitor -- --once', 'one run'],
    ['npm run monitor -- -- --grep @auth', 'arguments after a second -- go to every run'],
  ],
};
answerHelp(COMMAND);

let values;
let runArgs: string[] = [];
try {
  const parsed = parseArgs({
    options: { every: { type: 'string' }, runs: { type: 'string' }, once: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
  values = parsed.values;
  // Only what follows `--` is for the runs; a stray word before it is a mistake worth one line.
  const separator = parsed.tokens.find((token) => token.kind === 'option-terminator');
  const stray = parsed.tokens.find((token) => token.kind === 'positional' && (!separator || token.index < separator.index));
  if (stray && stray.kind === 'positional')
    fail(`unexpected argument "${stray.value}"; put arguments for each run after --, e.g. npm run monitor -- -- --grep @auth.`);
  runArgs = parsed.positionals;
} catch (error) {
  refuse(COMMAND, explainArgumentError(error as Error, COMMAND.options ?? {}));
}
// --every, else MONITOR_EVERY, else hourly; a mistake names where it was made.
const everySetIn = values.every === undefined ? 'MONITOR_EVERY' : '--every';
values.every ??= process.env.MONITOR_EVERY || undefined;
const intervalMs = intervalOf(values.every ?? '60m', everySetIn);
// Each run's status page calls the target stale when no run came for twice this long.
process.env.MONITOR_EVERY = values.every ?? '60m';
if (values.once && values.runs !== undefined) fail('--once and --runs do not go together; --once is --runs 1.');
const runsText = values.runs;
if (runsText !== undefined && !/^[1-9]\d*$/.test(runsText)) fail(`--runs takes a whole number of at least 1, not "${runsText}".`);
// No --runs: until stopped.
const maxRuns = values.once ? 1 : runsText !== undefined ? Number(runsText) : Number.POSITIVE_INFINITY;

// The stop is heard before the lock is taken: a signal between the two would otherwise end the
// monitor by its default action and leave the lock file behind. A handler runs once this
// synchronous start is over, by when the lock is taken (or the monitor has said why not and exited).
let stopping: string | undefined;
/** The signal the stop came by (SIGTERM when it was the npm above that went). */
let stopSignal: NodeJS.Signals = 'SIGTERM';
let stoppedAt = 0;
/** One stop arrives by several paths (Ctrl-C to the group, npm's end): within this long of the first, it is the same stop. */
const SAME_STOP_MS = 1_500;
let current: ChildProcess | undefined;
let wakeUp: (() => void) | undefined;

/** The run in progress and everything under it, ended at once. */
function endRunOutright(): void {
  if (current?.pid) endOutright([current.pid, ...descendantsOf(current.pid)]);
}

/**
 * A stop. A second signal (not the same stop arriving by another path, and never the end of the
 * npm above, which a stop to the group brings about by itself) ends the run outright; the lock is
 * released only once the run's command has ended, so no run is left writing without it.
 */
function stop(said: string, secondEndsAll = true): void {
  if (stopping && (!secondEndsAll || Date.now() - stoppedAt < SAME_STOP_MS)) return;
  if (stopping) {
    process.stdout.write(`monitor: ${said} again: ending everything now\n`);
    endRunOutright();
    if (!current) {
      lock.release();
      process.exit(exitCodeOf(stopSignal));
    }
    current.once('close', () => {
      lock.release();
      process.exit(exitCodeOf(stopSignal));
    });
    return;
  }
  stopping = said;
  stoppedAt = Date.now();
  process.stdout.write(
    `monitor: ${said}: ${current ? 'stopping the run in progress, then releasing the lock' : 'no run in progress; releasing the lock'} (a second signal ends everything at once)\n`,
  );
  // The run's own command passes it on to Playwright as a graceful stop.
  current?.kill('SIGTERM');
  if (current)
    setTimeout(() => {
      process.stdout.write(`monitor: the run did not stop within ${STOP_WAIT_MS / 1000} s: ending it\n`);
      endRunOutright();
    }, STOP_WAIT_MS).unref();
  wakeUp?.();
}
for (const signal of STOP_SIGNALS)
  process.on(signal, () => {
    if (!stopping) stopSignal = signal;
    stop(signal);
  });
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
// A reports folder that cannot be written is one line before anything runs, never a stack trace.
const taking = lockReportsFolder(reports, 'monitor.lock', 'monitor');
if ('unwritable' in taking) fail(unwritableReports(reports, taking.unwritable, 'the monitor'));
const locked = taking;
if (!locked.taken) fail(`another monitor is running (pid ${locked.holder.holders.map((h) => h.pid).join(', ')}) on ${reports}/; stop it first.`);
const lock = locked.lock;
// Whatever path ends this process (a throw, an exit anywhere), the lock goes with it.
process.on('exit', () => lock.release());
// A run left by a monitor that was killed outright may still be writing here: never a second one beside it.
const orphan = readHolder(join(reports, 'run.lock'));
if (isHeld(orphan)) {
  lock.release();
  fail(
    `a run (pid ${orphan.holders.map((h) => h.pid).join(', ')}) is still writing ${reports}/, left by a monitor that was stopped outright; wait for it, or stop it.`,
  );
}

whenAnyEnds(ancestorsUpToNpm(), (ended) => stop(`the process that started the monitor (pid ${ended.pid}) is gone`, false));

function runOnce(): Promise<number> {
  return new Promise((resolve) => {
    // Not through tsx's command, whose process stands between us and the run's command: on a signal it
    // waits 30 ms for its child to say it got it, then kills it outright (on a loaded machine, npm
    // start died mid-stop, its lock and its run left). Its loader, in the run's command itself.
    current = spawn(process.execPath, [...nodeArgumentsFor('scripts/start'), ...runArgs], { stdio: 'inherit' });
    current.on('close', (code, signal) => {
      current = undefined;
      // The run's command hears a stop once it has loaded; ended by one before that (the group's
      // signal, or ours passed on), it took no lock and wrote nothing: the run is still written.
      if (isStopSignal(signal)) {
        const problem = recordStoppedBeforeStart(reports, runArgs);
        if (problem) process.stderr.write(`monitor: ${problem}\n`);
      }
      resolve(endOf(code, signal));
    });
  });
}

// Prometheus scrapes the latest run's metrics here while the monitor runs (PLUVO_METRICS_PORT).
// Listening (or refused, one line and exit 2) before the first run starts: a monitor never exits while a run it started lives.
const metricsServer = await serveMetrics(join(reports, 'metrics.prom'));

// What it will do, said once before it does it: an operator reading a log knows the schedule.
const every = values.every ?? '60m';
const plan = values.once
  ? 'one run'
  : maxRuns === Number.POSITIVE_INFINITY
    ? `a run every ${every}, until stopped`
    : `${counted(maxRuns, 'run')}, every ${every}`;
process.stdout.write(`monitor: ${plan}, on ${reports}/ (Ctrl-C or SIGTERM stops it)\n`);

let exitCode = 0;
for (let run = 1; run <= maxRuns && !stopping; run++) {
  const started = Date.now();
  process.stdout.write(`monitor: run ${run} at ${new Date(started).toISOString()}\n`);
  exitCode = await runOnce();
  process.stdout.write(`monitor: run ${run} ended with exit code ${exitCode}\n`);
  // Our own misconfiguration will not mend itself by waiting an hour.
  if (exitCode === CONFIG_EXIT_CODE) break;
  if (stopping || run === maxRuns) break;
  const wait = Math.max(0, started + intervalMs - Date.now());
  process.stdout.write(`monitor: next run at ${new Date(Date.now() + wait).toISOString()}\n`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, wait);
    wakeUp = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  wakeUp = undefined;
}
lock.release();
metricsServer?.close();
// --once and --runs: the last run's code, for cron and systemd; stopped between runs: a clean stop;
// stopped during one: that run's code (interrupted).
// Stopped, the monitor exits as stopped by its signal (130, 143, 129; 143 when the npm above it
// went), between runs as during one: what cron, systemd and npm read as a stop.
process.exit(stopping ? exitCodeOf(stopSignal) : exitCode);

async function serveMetrics(path: string): Promise<Server | undefined> {
  const port = process.env.PLUVO_METRICS_PORT;
  if (!port) return undefined;
  if (!/^\d+$/.test(port) || Number(port) > 65_535) fail(`PLUVO_METRICS_PORT takes a port number (e.g. 9464), not "${port}".`);
  const host = process.env.PLUVO_METRICS_HOST || '127.0.0.1';
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at /metrics\n');
      return;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('No run has written its metrics yet\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
  });
  await new Promise<void>((resolve) => {
    server.once('error', (error) => {
      lock.release();
      fail(`PLUVO_METRICS_PORT: cannot listen on ${host}:${port} (${(error as NodeJS.ErrnoException).code ?? error.message}); choose another port.`);
    });
    server.listen(Number(port), host, () => {
      process.stdout.write(`monitor: metrics at http://${host}:${(server.address() as AddressInfo).port}/metrics\n`);
      resolve();
    });
  });
  // Once listening, a later error of the metrics server is said, and the runs go on.
  server.on('error', (error) => process.stderr.write(`monitor: the metrics server: ${error.message}\n`));
  server.unref();
  return server;
}
