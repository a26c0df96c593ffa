/**
 * `npm run monitor`: the scheduler. One run now, then one every interval (hourly by default),
 * never two at once: a run that overruns its slot delays the next instead of overlapping, and a
 * second monitor on the same reports folder refuses to start.
 *
 *   npm run monitor                      every 60 minutes, until stopped
 *   npm run monitor -- --every 15m       every 15 minutes
 *   npm run monitor -- --runs 3          stop after three runs
 *   npm run monitor -- --once            one run, with the lock, state and history (cron, systemd)
 *   npm run monitor -- -- --grep @auth   arguments after a second -- go to every run
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_EXIT_CODE } from '../src/config/config-error';
import { isRunning, pidIn } from '../src/process/pid-file';

function fail(message: string): never {
  process.stderr.write(`monitor: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

function parseInterval(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) fail(`--every takes a number with s, m or h (e.g. 60m), not "${text}".`);
  const ms = Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
  if (ms < 1_000) fail('--every must be at least 1s.');
  return ms;
}

let values;
let runArgs: string[] = [];
try {
  const parsed = parseArgs({
    options: { every: { type: 'string', default: process.env.MONITOR_EVERY ?? '60m' }, runs: { type: 'string' }, once: { type: 'boolean' } },
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
  fail(`${(error as Error).message}.`);
}
const intervalMs = parseInterval(values.every ?? '60m');
if (values.once && values.runs !== undefined) fail('--once and --runs do not go together; --once is --runs 1.');
const maxRuns = values.once ? 1 : values.runs === undefined ? Number.POSITIVE_INFINITY : Number(values.runs);
if (!Number.isInteger(maxRuns) || maxRuns < 1) fail(`--runs takes a whole number of at least 1, not "${values.runs}".`);

const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
const lockPath = join(reports, 'monitor.lock');
mkdirSync(reports, { recursive: true });
try {
  writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
} catch {
  const holder = pidIn(lockPath);
  if (holder !== undefined && isRunning(holder)) fail(`another monitor is running (pid ${holder}) on ${reports}/; stop it first.`);
  writeFileSync(lockPath, String(process.pid)); // left behind by a monitor that died
}
const release = () => rmSync(lockPath, { force: true });
let stopping = false;
let current: ChildProcess | undefined;
let wakeUp: (() => void) | undefined;
// A stop request ends the run in progress (its reporters still write history and alert) and
// waits for it; only then is the lock released, so a second monitor can never overlap it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `monitor: ${signal}: ${current ? 'stopping the run in progress, then releasing the lock' : 'no run in progress; releasing the lock'}\n`,
    );
    current?.kill(signal);
    wakeUp?.();
  });
}

function runOnce(): Promise<number | null> {
  return new Promise((resolve) => {
    current = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', ...runArgs], { stdio: 'inherit' });
    current.on('close', (code) => {
      current = undefined;
      resolve(code);
    });
  });
}

for (let run = 1; run <= maxRuns && !stopping; run++) {
  const started = Date.now();
  process.stdout.write(`monitor: run ${run} at ${new Date(started).toISOString()}\n`);
  const code = await runOnce();
  process.stdout.write(`monitor: run ${run} ended with exit code ${code}\n`);
  // Our own misconfiguration will not mend itself by waiting an hour.
  if (code === CONFIG_EXIT_CODE) {
    release();
    process.exit(CONFIG_EXIT_CODE);
  }
  if (run === maxRuns) break;
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
release();
