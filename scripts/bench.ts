/**
 * `npm run bench`: the benchmarks. Speed is measured here, never in timed tests. All load goes
 * to a sandbox on 127.0.0.1, bounded in time.
 */
import { cpus } from 'node:os';
import { readCommandLine } from './support/command-line';
import { measureSchemaDrift } from './bench/schema-drift';
import { measureThroughput } from './bench/sandbox-throughput';
import { measureOffsetWalk } from './bench/monitor-scale';
import { timedRunAgainstHostile } from './bench/hostile-runs';
import { measureRunEnd } from './bench/history-scale';
import { FloorFailed, playwrightAlone, type FloorRun } from './bench/playwright-floor';
import { medianOf, RUNS, shownMedian, type Measured } from './bench/median';
import { timedRunOfMany, timedRunOfOne, type TimedRun } from './bench/run-concurrency';

readCommandLine({
  name: 'bench',
  typed: 'npm run bench',
  does: `The benchmarks: what a run costs in time, CPU and requests (one organisation near and far, ten and
fifty, one that never answers, broken checks, hostile answers), its end beside 90 days of history, Playwright's own floor, the sandbox's
throughput, full mode's walk and the schema diff. All load goes to sandboxes on 127.0.0.1. It takes
several minutes; BENCH_SECONDS sets how long each throughput measurement runs (5 by default).`,
});
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
process.stdout.write(`pluvo-contract-monitor benchmarks (Node ${process.version}, ${cpus().length} cores, ${seconds} s a run)\n\n`);
process.stdout.write('sandbox: paginatedUsers(first: 50) cursor walks\n');
process.stdout.write('| users | concurrency | requests | requests/s | p50 ms | p95 ms | sandbox RSS MB |\n|---:|---:|---:|---:|---:|---:|---:|\n');
for (const [users, concurrency] of [
  [137, 1],
  [137, 8],
  [100_000, 8],
] as const) {
  const r = await measureThroughput(users, concurrency, seconds);
  process.stdout.write(
    `| ${r.users} | ${r.concurrency} | ${r.requests} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.sandboxRssMb.toFixed(0)} |\n`,
  );
}

process.stdout.write('\nnpm start against sandboxes already running: what latency and more organisations cost, the checks of a run going out together\n');
const row = (what: string, run: TimedRun | Measured, ratio: string) =>
  process.stdout.write(
    `| ${what} | ${run.exitCode} | ${'walls' in run ? shownMedian(run) : run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMb.toFixed(0)} | ${run.requests.reduce((a, b) => a + b, 0)} | ${Math.max(...run.maxInFlight)} | ${ratio} |\n`,
  );
process.stdout.write(`(each row the median of ${RUNS} runs by wall time, the fastest and slowest in brackets; the ratios are of medians)\n`);
process.stdout.write(
  '| run | exit | wall s | CPU s | largest process MB | requests | most in flight at one organisation | ratio |\n|---|---:|---:|---:|---:|---:|---:|---|\n',
);
// A first run fills Playwright's transform cache; it is not what a run costs.
await timedRunOfOne(0);
const near = await medianOf(() => timedRunOfOne(0));
const far = await medianOf(() => timedRunOfOne(100));
row('one organisation, 0 ms', near, '');
row('one organisation, 100 ms', far, `${(far.seconds / near.seconds).toFixed(2)}x the 0 ms run`);
const one = await medianOf(() => timedRunOfMany(1, 100));
const ten = await medianOf(() => timedRunOfMany(10, 100));
const fifty = await medianOf(() => timedRunOfMany(50, 100));
const perAdded = (run: TimedRun, count: number) => `${((run.cpuSeconds - one.cpuSeconds) / (count - 1)).toFixed(2)} s of CPU each added`;
row('targets file of 1, 100 ms', one, '');
row('targets file of 10, 100 ms', ten, `${(ten.seconds / one.seconds).toFixed(2)}x one organisation, ${perAdded(ten, 10)}`);
row('targets file of 50, 100 ms', fifty, `${(fifty.seconds / one.seconds).toFixed(2)}x one organisation, ${perAdded(fifty, 50)}`);
// One organisation that never answers (its preflight waits out every timeout) must delay only its own checks.
const answering = (run: TimedRun) => Math.max(...[...run.targetDoneSeconds].filter(([name]) => name !== 'hangs').map(([, seconds]) => seconds));
const alone = await timedRunOfMany(49, 100);
const beside = await timedRunOfMany(49, 100, { hanging: true });
row(
  'targets file of 49 and one that never answers, 100 ms',
  beside,
  `the 49 done at ${answering(beside).toFixed(1)} s, ${(answering(beside) / answering(alone)).toFixed(2)}x their ${answering(alone).toFixed(1)} s alone; the run ends as the one is given up`,
);
// A failed test makes Playwright start a new worker for the tests after it: what 8 broken checks cost.
const broken = await medianOf(() => timedRunOfOne(0, undefined, ['page-overfull']));
row('one organisation, 0 ms, 11 checks broken (page-overfull)', broken, `${(broken.seconds / near.seconds).toFixed(2)}x the healthy run`);

process.stdout.write('\nPlaywright alone, for the same suites of empty tests (47 a group, two workers): the floor under the rows above\n');
process.stdout.write('| suite | wall s | CPU s | ratio |\n|---|---:|---:|---|\n');
try {
  // The first run fills Playwright's transform cache.
  await playwrightAlone(1);
  const floorOne = await playwrightAlone(1);
  const floorFifty = await playwrightAlone(50);
  const floorBroken = await playwrightAlone(1, 11);
  const floorRow = (what: string, run: FloorRun, ratio: string) =>
    process.stdout.write(`| ${what} | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${ratio} |\n`);
  floorRow('47 tests', floorOne, '');
  floorRow(
    '2,350 tests in 50 groups',
    floorFifty,
    `${(floorFifty.seconds / floorOne.seconds).toFixed(2)}x, ${(floorFifty.seconds - floorOne.seconds).toFixed(1)} s more`,
  );
  floorRow(
    '47 tests, 11 failing',
    floorBroken,
    `${(floorBroken.seconds - floorOne.seconds).toFixed(1)} s more, ${((floorBroken.cpuSeconds - floorOne.cpuSeconds) / 11).toFixed(2)} s of CPU a failed test (a new worker)`,
  );
  process.stdout.write(
    `49 organisations added: ours ${(fifty.seconds - one.seconds).toFixed(1)} s, Playwright alone ${(floorFifty.seconds - floorOne.seconds).toFixed(1)} s; ` +
      `11 broken checks added: ours ${(broken.seconds - near.seconds).toFixed(1)} s (a failed check keeps its worker), Playwright alone ${(floorBroken.seconds - floorOne.seconds).toFixed(1)} s\n`,
  );
} catch (error) {
  if (!(error instanceof FloorFailed)) throw error;
  process.stdout.write(`  skipped: ${error.message}\n`);
}

// A run's end reads the history kept: organisations times days. The rows above start each run with none.
// Once a day the run's end also rewrites the file without what aged out; from about ninety
// organisations that file is more than one string can hold.
process.stdout.write(
  "\nthe end of an hourly run beside 90 days of its organisations' history (appended, then the status page and summary.json), and of the day's run that also rewrites it\n",
);
process.stdout.write('| organisations | history MB | an hour s | peak RSS MB | the day s | peak RSS MB |\n|---:|---:|---:|---:|---:|---:|\n');
for (const organisations of [1, 10, 50, 100]) {
  const hour = measureRunEnd(organisations, 90);
  const day = measureRunEnd(organisations, 90, { daysRewrite: true });
  process.stdout.write(
    `| ${organisations} | ${hour.historyMb.toFixed(0)} | ${hour.seconds.toFixed(2)} | ${hour.peakRssMb.toFixed(0)} | ${day.seconds.toFixed(2)} | ${day.peakRssMb.toFixed(0)} |\n`,
  );
}

process.stdout.write('\nnpm start against one hostile organisation, the whole catalogue: at most 3x a healthy run\n');
process.stdout.write('| answer | exit | wall s | CPU s | largest process MB | requests | ratio |\n|---|---:|---:|---:|---:|---:|---|\n');
for (const hostility of ['deep-json', 'many-errors', 'huge-body', 'gzip-bomb', 'redirect-loop', 'echo-token'] as const) {
  const run = await timedRunAgainstHostile(hostility);
  const requests = run.requests[0]!;
  process.stdout.write(
    `| ${hostility} | ${run.exitCode} | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMb.toFixed(0)} | ${requests} | ${(run.seconds / near.seconds).toFixed(2)}x the healthy run's time, ${(requests / near.requests[0]!).toFixed(2)}x its requests |\n`,
  );
}

process.stdout.write('\nnpm start (sampled paging) against a running sandbox, 100 ms latency: the cost must not grow with the organisation\n');
process.stdout.write('| users | latency ms | exit | wall s | requests served |\n|---:|---:|---:|---:|---:|\n');
for (const users of [137, 100_000]) {
  const r = await timedRunOfOne(100, users);
  process.stdout.write(`| ${users} | 100 | ${r.exitCode} | ${r.seconds.toFixed(1)} | ${r.requests[0]} |\n`);
}

process.stdout.write('\nfull mode: the offset walk of paginatedUsers in parallel windows, concurrency 1 against 8\n');
const offset = await measureOffsetWalk(10_000, 100);
process.stdout.write('| users | latency ms | pages | concurrency 1 s | concurrency 8 s | speed-up | same nodes |\n|---:|---:|---:|---:|---:|---:|---|\n');
process.stdout.write(
  `| ${offset.users} | ${offset.latencyMs} | ${offset.pages} | ${offset.secondsAt1.toFixed(1)} | ${offset.secondsAt8.toFixed(1)} | ${(offset.secondsAt1 / offset.secondsAt8).toFixed(1)}x | ${offset.sameNodes ? 'yes' : 'NO'} |\n`,
);

process.stdout.write('\nschema drift: GitHub public schema 2023-06-27 against 2024-07-08\n');
const drift = await measureSchemaDrift();
if (!drift) process.stdout.write('  skipped: ../shared/data/github-schema is not beside this checkout\n');
else {
  process.stdout.write(
    '| parse one schema ms | diff ms | changes | breaking | deprecations | radar scan ms | heap MB |\n|---:|---:|---:|---:|---:|---:|---:|\n',
  );
  process.stdout.write(
    `| ${drift.parseMs.toFixed(0)} | ${drift.diffMs.toFixed(0)} | ${drift.changes} | ${drift.breaking} | ${drift.deprecations} | ${drift.radarMs.toFixed(1)} | ${drift.heapMb.toFixed(0)} |\n`,
  );
}
