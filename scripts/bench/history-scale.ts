import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertFiles, type HistoryLine } from '../../src/report/alert-files';
import { writeStatusPage } from '../../src/report/status-files';

/** What a run's end costs beside the history a team has kept: its seconds, and the process's largest resident size. */
export interface RunEndCost {
  organisations: number;
  days: number;
  historyMb: number;
  seconds: number;
  peakRssMb: number;
}

const HOUR = 3_600_000;
/** As many checks as the catalogue has for the sandbox's operations, with ids as long as theirs. */
const CHECK_IDS = Array.from({ length: 47 }, (_, n) => `paging.cursor.paginatedOperation${n}`);

/** A number from 0 to 1 for a seed, the same every time: timings that vary as real ones do, reproducibly. */
const jitter = (seed: number) => {
  const x = Math.sin(seed) * 10_000;
  return x - Math.floor(x);
};

/** One organisation's hourly run: every check held, but one run in a hundred with two broken; each check's timings vary from run to run. */
function runLine(organisation: number, at: number, hour: number): HistoryLine {
  const broken = hour % 100 === organisation % 100;
  const checks = Object.fromEntries(
    CHECK_IDS.map((id, n) => {
      const p50 = 30 + n + Math.round(40 * jitter(at / HOUR + n * 7.3 + organisation * 13.1));
      return [id, [broken && n < 2 ? 'failed' : 'passed', p50, p50 + Math.round(120 * jitter(at / HOUR + n * 3.7 + organisation * 5.9))]];
    }),
  ) as HistoryLine['checks'];
  return {
    at: new Date(at).toISOString(),
    target: `org${organisation} (https://org${organisation}.pluvo.com)`,
    targetKey: `https://org${organisation}.pluvo.com`,
    verdict: broken ? 'failed' : 'passed',
    counts: { passed: broken ? 45 : 47, failed: broken ? 2 : 0, flaky: 0, degraded: 0, skipped: 0, 'not-run': 0 },
    checks,
  };
}

/**
 * The end of one more hourly run for `organisations` beside `days` of their hourly history, as the
 * run's reporter does it (the history appended, the status page and summary.json written from it),
 * in a process of its own, so that its largest resident size is the run end's. With `daysRewrite`,
 * the run of the day whose end rewrites the file without the lines that aged out.
 */
export function measureRunEnd(organisations: number, days: number, { daysRewrite = false } = {}): RunEndCost {
  const dir = mkdtempSync(join(tmpdir(), 'pluvo-bench-history-'));
  try {
    const now = Date.parse('2026-12-01T12:00:00.000Z');
    // Written a day at a time: ninety days of many organisations is more than one string holds.
    const file = openSync(join(dir, 'history.jsonl'), 'w');
    let bytes = 0;
    // The run that rewrites the file (once a day) finds its oldest lines a day past the days kept.
    for (let hour = (days + (daysRewrite ? 2 : 0)) * 24; hour >= 1; hour--) {
      const text = `${Array.from({ length: organisations }, (_, n) => JSON.stringify(runLine(n, now - hour * HOUR, hour))).join('\n')}\n`;
      bytes += writeSync(file, text);
    }
    closeSync(file);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir, String(organisations), String(now)], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`the run end failed for ${organisations} organisations: ${child.stderr.trim().split('\n').at(-1)}`);
    // The rewrite must have happened (and kept only what is still history), or the row measured the wrong run.
    if (daysRewrite && statSync(join(dir, 'history.jsonl')).size >= bytes)
      throw new Error(`the run end for ${organisations} organisations did not rewrite the history`);
    const { seconds, peakRssMb } = JSON.parse(child.stdout) as { seconds: number; peakRssMb: number };
    return { organisations, days, historyMb: bytes / 1e6, seconds, peakRssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// In the child: the run end itself.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, count, at] = process.argv.slice(2) as [string, string, string];
  const now = Number(at);
  const started = performance.now();
  const history = new AlertFiles(dir, () => undefined).appendHistory(
    Array.from({ length: Number(count) }, (_, n) => runLine(n, now, 0)),
    new Date(now),
  );
  writeStatusPage(dir, history, {}, new Date(now));
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}
