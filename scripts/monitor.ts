/**
 * `npm run monitor`: the scheduler. One run now, then one every interval (hourly by default),
 * never two at once: a run that overruns its slot delays the next instead of overlapping, and a
 * second monitor on the same reports folder refuses to start.
 *
 *   npm run monitor                      every 60 minutes, until stopped
 *   npm run monitor -- --every 15m       every 15 minutes
 *   npm run monitor -- --runs 3          stop after three runs
 *   npm run monitor -- -- --grep @auth   arguments after a second -- go to every run
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_EXIT_CODE } from '../src/config/config-error';

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
  const parsed = parseArgs({ options: { every: { type: 'string', default: process.env.MONITOR_EVERY ?? '60m' }, runs: { type: 'string' } }, strict: true, allowPositionals: true, tokens: true });
  values = parsed.values;
  // Only what follows `--` is for the runs; a stray word before it is a mistake worth one line.
  const separator = parsed.tokens.find((token) => token.kind === 'option-terminator');
  const stray = parsed.tokens.find((token) => token.kind === 'positional' && (!separator || token.index < separator.index));
  if (stray && stray.kind === 'positional') fail(`unexpected argument "${stray.value}"; put arguments for each run after --, e.g. npm run monitor -- -- --grep @auth.`);
  runArgs = parsed.positionals;
} catch (error) {
  fail(`${(error as Error).message}.`);
}
const intervalMs = parseInterval(values.every ?? '60m');
const maxRuns = values.runs === undefined ? Number.POSITIVE_INFINITY : Number(values.runs);
if (!Number.isInteger(maxRuns) || maxRuns < 1) fail(`--runs takes a whole number of at least 1, not "${values.runs}".`);

const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
const lockPath = join(reports, 'monitor.lock');
mkdirSync(reports, { recursive: true });
try {
  writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
} catch {
  const holder = Number(readFileSync(lockPath, 'utf8'));
  let alive = false;
  try {
    process.kill(holder, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) fail(`another monitor is running (pid ${holder}) on ${reports}/; stop it first.`);
  writeFileSync(lockPath, String(process.pid)); // left behind by a monitor that died
}
const release = () => rmSync(lockPath, { force: true });
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    release();
    process.exit(0);
  });
}

function runOnce(): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', ...runArgs], { stdio: 'inherit' });
    child.on('close', resolve);
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
  await new Promise((resolve) => setTimeout(resolve, wait));
}
release();
