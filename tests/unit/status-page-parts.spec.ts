import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryLine } from '../../src/report/alert-files';
import type { CheckOutcome, RunVerdict } from '../../src/report/run-summary';
import { availability, incidents, runLatency, statusPage, writeStatusPage } from '../../src/report/status-page';

/**
 * The status page's parts on a history small enough to work out by hand: three hourly runs, the
 * middle one failed. tests/unit/status-page.spec.ts reads a simulated week for the totals.
 */

type Timings = [CheckOutcome, number | null, number | null];
function line(at: string, verdict: RunVerdict, checks: Record<string, Timings>, extra: Partial<HistoryLine> = {}): HistoryLine {
  const counts = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0 };
  for (const [outcome] of Object.values(checks)) counts[outcome] += 1;
  return { at, target: 'acme', targetKey: 'acme', verdict, counts, checks, ...extra };
}

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const T2 = '2026-12-01T12:00:00.000Z';
const NOW = new Date(T2);
const threeRuns = [
  line(T0, 'passed', { a: ['passed', 50, 100], b: ['passed', 70, 100] }),
  line(T1, 'failed', { a: ['failed', 50, 200], b: ['passed', 150, 150] }, { alert: 'failure' }),
  line(T2, 'passed', { a: ['passed', 50, 100], b: ['skipped', null, null] }, { alert: 'recovery' }),
];
/** Built in each test: code run when the file loads is outside every test, where mutation testing cannot see it. */
const page = () => statusPage(threeRuns, NOW);

test.describe('the status page, part by part', () => {
  test('the heading says the verdict now, with its colour and time', () => {
    expect(page()).toContain(
      '<section data-target="acme">\n<h2><span class="dot" style="background:#1a7f37"></span>acme <span class="muted">· now: <b>passed</b> at 2026-12-01 12:00 UTC</span></h2>',
    );
    const failedNow = statusPage([line(T2, 'monitor-error', {}, { monitorError: 'no check ran' })], NOW);
    expect(failedNow).toContain(
      '<h2><span class="dot" style="background:#57606a"></span>acme <span class="muted">· now: <b>monitor-error</b> at 2026-12-01 12:00 UTC (no check ran)</span></h2>',
    );
  });

  test('a tile per window: runs held of runs completed', () => {
    const tile = (days: number, label: string) =>
      `<div class="tile" data-window="${days}" data-availability="66.67"><div class="big">66.67%</div><div class="muted">${label}: 2 of 3 runs held</div></div>`;
    expect(page()).toContain(`<div class="tiles">${tile(1, '24 hours')}${tile(7, '7 days')}${tile(30, '30 days')}</div>`);
    const noneCompleted = statusPage([line(T2, 'monitor-error', {})], NOW);
    expect(noneCompleted).toContain(
      '<div class="tile" data-window="1" data-availability=""><div class="big">–</div><div class="muted">24 hours: 0 of 0 runs held</div></div>',
    );
  });

  test('availability counts only runs that asked Pluvo: our own budget, setup, refused client, a stop or a monitor error count neither way', () => {
    const ours = (['budget-exceeded', 'not-onboarded', 'credentials-refused', 'interrupted', 'monitor-error'] as const).map((verdict, i) =>
      line(`2026-12-01T11:0${i}:00.000Z`, verdict, {}),
    );
    const counted = [line(T0, 'passed', {}), line(T1, 'unavailable', {}), ...ours];
    expect(availability(counted, 1, NOW)).toEqual({ held: 1, completed: 2, percent: 50 });
    // And every verdict has its colour.
    expect(statusPage([...counted, line(T2, 'not-onboarded', {})], NOW)).not.toContain('undefined');
  });

  test('a window counts only the runs inside it', () => {
    const old = line('2026-11-20T12:00:00.000Z', 'failed', { a: ['failed', 1, 1] });
    const html = statusPage([old, ...threeRuns], NOW);
    expect(html).toContain('24 hours: 2 of 3 runs held');
    expect(html).toContain('7 days: 2 of 3 runs held');
    expect(html).toContain('30 days: 2 of 4 runs held');
    // The check's own columns: 2 of 3 in a day and a week, 2 of 4 in thirty days.
    expect(html).toContain('<td>a</td><td class="num">66.67%</td><td class="num">66.67%</td><td class="num">50.00%</td>');
  });

  test('a window ends exactly its length before now: a run on the boundary is outside it', () => {
    const boundary = line('2026-11-30T12:00:00.000Z', 'failed', { a: ['failed', 1, 1] });
    const html = statusPage([boundary, ...threeRuns], NOW);
    expect(html).toContain('24 hours: 2 of 3 runs held');
    expect(html).toContain('7 days: 2 of 4 runs held');
    expect(html).toContain('<td>a</td><td class="num">66.67%</td><td class="num">50.00%</td>');
    const thirtyDaysAgo = line('2026-11-01T12:00:00.000Z', 'passed', { a: ['passed', 1, 1000] });
    // The chart's thirty days leave the boundary run out, so its 1000 ms sets no scale.
    expect(statusPage([thirtyDaysAgo, ...threeRuns], NOW)).toContain('<text x="45" y="12">200 ms</text>');
  });

  test("a check a run did not have counts neither way in that run's windows", () => {
    const withoutB = line('2026-12-01T09:00:00.000Z', 'failed', { a: ['failed', 1, 1] });
    expect(statusPage([withoutB, ...threeRuns], NOW)).toContain('<td>b</td><td class="num">100.00%</td>');
  });

  test('every kind of markup in history is escaped: & < > and quotes', () => {
    const html = statusPage([{ ...threeRuns[0]!, target: 'a & b <c> "d"' }], NOW);
    expect(html).toContain('a &amp; b &lt;c&gt; &quot;d&quot; <span class="muted">');
  });

  test('writeStatusPage writes status.html in the reports folder, whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pluvo-status-'));
    const path = writeStatusPage(dir, threeRuns);
    expect(path).toBe(join(dir, 'status.html'));
    expect(readFileSync(path, 'utf8')).toContain('<section data-target="acme">');
  });

  test('the timeline: one bar per run, as wide as until the next run, coloured by verdict', () => {
    expect(page()).toContain(
      '<svg class="timeline" viewBox="0 0 720 18" preserveAspectRatio="none" role="img" aria-label="run verdicts over time">' +
        '<rect x="0.0" y="0" width="360.0" height="18" fill="#1a7f37"><title>2026-12-01 10:00 UTC: passed</title></rect>' +
        '<rect x="360.0" y="0" width="360.0" height="18" fill="#cf222e"><title>2026-12-01 11:00 UTC: failed</title></rect>' +
        '<rect x="720.0" y="0" width="2.0" height="18" fill="#1a7f37"><title>2026-12-01 12:00 UTC: passed</title></rect>' +
        '</svg><div class="axis"><span>2026-12-01 10:00 UTC</span><span>now</span></div>',
    );
  });

  test('the timeline spans an hour at least, and thirty days at most', () => {
    const fresh = statusPage([line('2026-12-01T11:45:00.000Z', 'throttled', {})], NOW);
    // An hour wide: a run 15 minutes ago starts three quarters along.
    expect(fresh).toContain('<rect x="540.0" y="0" width="180.0" height="18" fill="#8250df">');
    expect(fresh).toContain('<span>2026-12-01 11:00 UTC</span><span>now</span>');
    const long = statusPage([line('2026-10-01T12:00:00.000Z', 'passed', {}), line('2026-11-16T12:00:00.000Z', 'budget-exceeded', {})], NOW);
    expect(long).toContain('<span>2026-11-01 12:00 UTC</span><span>now</span>');
    expect(long).not.toContain('2026-10-01 12:00 UTC: passed');
    expect(long).toContain('<rect x="360.0" y="0" width="360.0" height="18" fill="#57606a"><title>2026-11-16 12:00 UTC: budget-exceeded</title></rect>');
    const unknown = statusPage([line(T1, 'mystery' as RunVerdict, {})], NOW);
    expect(unknown).toContain('fill="#8c959f"><title>2026-12-01 11:00 UTC: mystery</title>');
  });

  test("the latency chart: each run's p50 (median of its checks) and p95 (its highest), scaled to the largest", () => {
    expect(page()).toContain(`<h3>Latency</h3><svg class="chart" viewBox="0 0 720 160" role="img" aria-label="latency p50 and p95 over time">
<line x1="45" y1="140" x2="715" y2="140" stroke="#d0d7de"/><line x1="45" y1="10" x2="45" y2="140" stroke="#d0d7de"/>
<text x="45" y="12">200 ms</text><text x="40" y="140" text-anchor="end">0</text>
<text x="45" y="156">2026-12-01 10:00</text><text x="715" y="156" text-anchor="end">2026-12-01 12:00</text>
<polyline fill="none" stroke="#0969da" stroke-width="1.5" points="45.0,110.0 380.0,110.0 715.0,110.0"/><polyline fill="none" stroke="#cf222e" stroke-width="1.5" points="45.0,80.0 380.0,20.0 715.0,80.0"/>
<text x="715" y="24" text-anchor="end"><tspan fill="#0969da">p50</tspan> · <tspan fill="#cf222e">p95</tspan> (per run)</text></svg>`);
  });

  test('the latency chart needs two timed runs in thirty days; runs at one instant stack at the left', () => {
    const message = '<h3>Latency</h3><p class="muted">Not enough runs with timings for a latency chart yet.</p>';
    expect(statusPage(threeRuns.slice(0, 1), NOW)).toContain(message);
    expect(statusPage([line(T0, 'passed', { a: ['passed', null, null] }), threeRuns[2]!], NOW)).toContain(message);
    expect(statusPage([{ ...threeRuns[0]!, at: '2026-10-01T12:00:00.000Z' }, threeRuns[2]!], NOW)).toContain(message);
    const sameInstant = statusPage([threeRuns[0]!, { ...threeRuns[1]!, at: T0 }], NOW);
    expect(sameInstant).toContain('points="45.0,80.0 45.0,20.0"');
    // A run timed only at p95 has no p50 point.
    const p95Only = statusPage([line(T0, 'passed', { a: ['passed', null, 100] }), threeRuns[1]!], NOW);
    expect(p95Only).toContain('stroke="#0969da" stroke-width="1.5" points="715.0,110.0"');
    // A chart of zeros still has a scale.
    const zeros = statusPage([line(T0, 'passed', { a: ['passed', 0, 0] }), line(T1, 'passed', { a: ['passed', 0, 0] })], NOW);
    expect(zeros).toContain('<text x="45" y="12">1 ms</text>');
    expect(zeros).toContain('points="45.0,140.0 715.0,140.0"');
  });

  test('the checks: worst first, availability per window, p95 now, and a sparkline of p95', () => {
    expect(page()).toContain(
      '<tbody><tr data-check="a"><td><span class="dot" style="background:#1a7f37"></span>passed</td><td>a</td><td class="num">66.67%</td><td class="num">66.67%</td><td class="num">66.67%</td><td class="num">100 ms</td>' +
        '<td><svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline fill="none" stroke="#cf222e" points="0.0,11.0 50.0,2.0 100.0,11.0"/></svg></td></tr>\n' +
        '<tr data-check="b"><td><span class="dot" style="background:#8c959f"></span>skipped</td><td>b</td><td class="num">100.00%</td><td class="num">100.00%</td><td class="num">100.00%</td><td class="num">–</td>' +
        '<td><svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline fill="none" stroke="#cf222e" points="0.0,8.0 100.0,2.0"/></svg></td></tr></tbody>',
    );
    const order = statusPage(
      [
        line(T2, 'failed', {
          a: ['skipped', null, null],
          b: ['passed', 1, 1],
          c: ['flaky', 1, 1],
          d: ['degraded', 1, 1],
          f2: ['failed', 1, 1],
          f1: ['failed', 1, 1],
        }),
      ],
      NOW,
    );
    expect([...order.matchAll(/<tr data-check="([^"]+)"/g)].map((m) => m[1])).toEqual(['f1', 'f2', 'd', 'c', 'b', 'a']);
    // One timed run: no sparkline yet. A check with no run in the window: no figure.
    expect(statusPage([line(T2, 'passed', { a: ['passed', 5, 5] })], NOW)).toContain('<td class="num">5 ms</td><td></td></tr>');
  });

  test('the sparkline shows the last 48 runs', () => {
    const runs = Array.from({ length: 50 }, (_, i) =>
      line(new Date(NOW.getTime() - (50 - i) * 3_600_000).toISOString(), 'passed', { a: ['passed', 1, i < 2 ? 1000 : 10] }),
    );
    const html = statusPage(runs, NOW);
    const points = /class="spark"[^>]*><polyline fill="none" stroke="#cf222e" points="([^"]+)"/.exec(html)?.[1]?.split(' ') ?? [];
    expect(points).toHaveLength(48);
    // The two slow runs fell out: every point is at the top of a scale of 10 ms.
    expect(new Set(points.map((p) => p.split(',')[1]))).toEqual(new Set(['2.0']));
  });

  test('incidents, newest first: verdict, from, until or ongoing, runs, checks and the alerts sent', () => {
    expect(page()).toContain(
      '<tbody><tr class="incident" data-verdict="failed"><td><span class="dot" style="background:#cf222e"></span>failed</td><td class="num">2026-12-01 11:00 UTC</td><td class="num">2026-12-01 12:00 UTC</td><td class="num">1</td><td>a</td><td>failure at 2026-12-01 11:00 UTC; recovery at 2026-12-01 12:00 UTC</td></tr></tbody>',
    );
    const many = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`c${i}`, ['failed', 1, 1] as Timings]));
    const ongoing = statusPage([threeRuns[0]!, line(T1, 'failed', many), line(T2, 'unavailable', many)], NOW);
    expect(ongoing).toContain(
      '<tr class="incident" data-verdict="unavailable"><td><span class="dot" style="background:#8250df"></span>unavailable</td><td class="num">2026-12-01 12:00 UTC</td><td class="num"><b>ongoing</b></td><td class="num">1</td><td>c0, c1, c2, c3, c4, c5 and 2 more</td><td>none</td></tr>\n' +
        '<tr class="incident" data-verdict="failed">',
    );
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`c${i}`, ['failed', 1, 1] as Timings]));
    expect(statusPage([line(T2, 'failed', six)], NOW)).toContain('<td>c0, c1, c2, c3, c4, c5</td><td>none</td>');
    expect(statusPage(threeRuns.slice(0, 1), NOW)).toContain('<tbody><tr><td colspan="6" class="muted">No incidents in the kept history.</td></tr></tbody>');
  });

  test('an incident lasts while the verdict stays; another verdict starts another; degraded and monitor errors are incidents too', () => {
    const history = [
      line(T0, 'degraded', { a: ['degraded', 1, 1], b: ['passed', 1, 1] }),
      line(T0.replace('10:00', '10:10'), 'degraded', { a: ['degraded', 1, 1], c: ['degraded', 1, 1] }, { alert: 'failure' }),
      line(T0.replace('10:00', '10:20'), 'monitor-error', {}),
      line(T0.replace('10:00', '10:30'), 'flaky', { a: ['flaky', 1, 1] }, { alert: 'recovery' }),
      line(T0.replace('10:00', '10:40'), 'failed', { a: ['failed', 1, 1], b: ['skipped', null, null] }),
      line(T0.replace('10:00', '10:50'), 'passed', {}),
    ];
    expect(incidents(history)).toEqual([
      { verdict: 'degraded', from: history[0]!.at, until: history[2]!.at, runs: 2, checks: ['a', 'c'], alerts: ['failure at 2026-12-01 10:10 UTC'] },
      { verdict: 'monitor-error', from: history[2]!.at, until: history[3]!.at, runs: 1, checks: [], alerts: ['recovery at 2026-12-01 10:30 UTC'] },
      { verdict: 'failed', from: history[4]!.at, until: history[5]!.at, runs: 1, checks: ['a'], alerts: [] },
    ]);
  });

  test('the page: targets in order of their first run, each from its own runs sorted by time; an empty history says so', () => {
    const beta = { ...threeRuns[0]!, target: 'beta', targetKey: 'beta', at: '2026-12-01T09:00:00.000Z' };
    const html = statusPage([threeRuns[2]!, threeRuns[0]!, beta, threeRuns[1]!], NOW);
    expect([...html.matchAll(/<section data-target="([^"]+)">/g)].map((m) => m[1])).toEqual(['beta', 'acme']);
    expect(html).toContain('</section>\n<section data-target="acme">');
    expect(html).toContain('now: <b>passed</b> at 2026-12-01 12:00 UTC');
    expect(html).toContain(`Generated ${NOW.toISOString()} from 4 run(s) in history.`);
    expect(html).toContain('<title>Pluvo contract monitor: status</title>');
    const empty = statusPage([], NOW);
    expect(empty).toContain('from 0 run(s) in history');
    expect(empty).toContain('<p>No runs in history yet.</p>');
    expect(page()).not.toContain('No runs in history yet.');
    expect(page().startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(page().endsWith('</body></html>\n')).toBe(true);
  });

  test('quotes in history are escaped inside attributes', () => {
    const html = statusPage([{ ...threeRuns[0]!, targetKey: 'a"b', checks: { 'x"y': ['passed', 1, 1] } }], NOW);
    expect(html).toContain('<section data-target="a&quot;b">');
    expect(html).toContain('<tr data-check="x&quot;y">');
  });

  test("a run's latency: the median of its checks' p50 (the lower middle when even) and the highest p95; none when untimed", () => {
    const timed = (p50s: Array<number | null>, p95s: Array<number | null>) =>
      line(T0, 'passed', Object.fromEntries(p50s.map((p50, i) => [`c${i}`, ['passed', p50, p95s[i] ?? null] as Timings])));
    expect(runLatency(timed([300, 100, 200], [1, 9, 5]))).toEqual({ p50: 200, p95: 9 });
    expect(runLatency(timed([40, 10, 30, 20], [1, 1, 1, 1]))).toEqual({ p50: 20, p95: 1 });
    expect(runLatency(timed([null, 7], [null, null]))).toStrictEqual({ p50: 7 });
    expect(runLatency(timed([null], [null]))).toStrictEqual({});
  });
});
