import { test, expect } from '../contract/base-test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryLine } from '../../src/report/alert-files';
import type { CheckVerdict, RunVerdict } from '../../src/outcome/verdict';
import { writeStatusPage } from '../../src/report/status-files';
import { availability, incidents, runLatency, statusPage } from '../../src/report/status-page';
import { scratchDir } from '../support/scratch';

/**
 * The status page's parts on a history small enough to work out by hand: three hourly runs, the
 * middle one failed. tests/unit/status-page.spec.ts reads a simulated week for the totals.
 */

type Timings = [CheckVerdict, number | null, number | null];
function line(at: string, verdict: RunVerdict, checks: Record<string, Timings>, extra: Partial<HistoryLine> = {}): HistoryLine {
  const counts: Record<string, number> = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0 };
  for (const [outcome] of Object.values(checks)) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return { at, target: 'acme', targetKey: 'acme', verdict, counts, checks, ...extra };
}

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const T2 = '2026-12-01T12:00:00.000Z';
const NOW = new Date(T2);
const threeRuns = [
  line(T0, 'passed', { a: ['passed', 50, 100], b: ['passed', 70, 100] }),
  line(T1, 'failed', { a: ['failed', 50, 200], b: ['passed', 150, 150] }, { alerts: [{ kind: 'failure', incident: 'contract' }] }),
  line(T2, 'passed', { a: ['passed', 50, 100], b: ['skipped', null, null] }, { alerts: [{ kind: 'recovery', incident: 'contract' }] }),
];
/** Built in each test: code run when the file loads is outside every test, where mutation testing cannot see it. */
const page = () => statusPage(threeRuns, NOW);

test.describe('the status page, part by part', () => {
  test('the heading says the state now, in words, and the last run: its verdict, when, how long ago, what it said', () => {
    expect(page()).toContain(
      '<section data-target="acme" data-state="operational">\n<h2><span class="dot" style="background:#1a7f37"></span>acme <span class="state">Operational</span></h2>\n' +
        '<p class="muted" id="org-1">Last checked 2026-12-01 12:00 UTC (just now): <b>passed</b></p>',
    );
    const failedNow = statusPage([line(T2, 'monitor-error', {}, { monitorError: 'no check ran' })], NOW);
    expect(failedNow).toContain(
      '<h2><span class="dot" style="background:#6e7781"></span>acme <span class="state">Unknown</span></h2>\n<p class="muted" id="org-1">Last checked 2026-12-01 12:00 UTC (just now): <b>monitor error</b> (no check ran)</p>',
    );
    // Nothing said twice: what the run said begins with the verdict's name, or names the monitor's error.
    expect(
      statusPage(
        [line(T2, 'unavailable', { a: ['unavailable', null, null] }, { said: 'Pluvo did not answer (ECONNREFUSED 127.0.0.1) before any check' })],
        NOW,
      ),
    ).toContain('Last checked 2026-12-01 12:00 UTC (just now): <b>Pluvo did not answer</b> (ECONNREFUSED 127.0.0.1) before any check</p>');
    expect(statusPage([line(T2, 'monitor-error', {}, { monitorError: 'no check ran', said: 'the monitor itself failed: no check ran' })], NOW)).toContain(
      'Last checked 2026-12-01 12:00 UTC (just now): <b>monitor error</b>: the monitor itself failed: no check ran</p>',
    );
    const broken = statusPage(
      [line(T1, 'failed', { a: ['failed', 1, 1] }, { said: '1 contract broken: the token', report: 'https://ci.example/run/7' })],
      new Date(Date.parse(T1) + 5 * 60_000),
    );
    expect(broken).toContain(
      '<span class="state">Partial outage</span></h2>\n<p class="muted" id="org-1">Last checked 2026-12-01 11:00 UTC (5 min ago): <b>contract broken</b>: 1 contract broken: the token. <a href="https://ci.example/run/7">The report</a></p>',
    );
    for (const [verdict, state] of [
      ['degraded', 'Degraded performance'],
      ['unavailable', 'Major outage'],
      ['throttled', 'Partial outage'],
      ['flaky', 'Operational'],
      ['credentials-refused', 'Unknown'],
    ] as const)
      expect(statusPage([line(T2, verdict, {})], NOW)).toContain(`<span class="state">${state}</span>`);
  });

  test('stale: a newest run older than twice the expected interval is unknown, and says since when', () => {
    const threeHoursLater = new Date(Date.parse(T2) + 3 * 3_600_000);
    const stale = statusPage(threeRuns, threeHoursLater, { expectedEveryMs: 3_600_000 });
    expect(stale).toContain('data-state="unknown"');
    expect(stale).toContain('<p class="stale" role="status">Stale: last checked 3 h ago; runs are expected every 1 h. Is the monitor running?</p>');
    // Within twice the interval it is the last run's state; a longer interval waits longer.
    expect(statusPage(threeRuns, new Date(Date.parse(T2) + 2 * 3_600_000), { expectedEveryMs: 3_600_000 })).not.toContain('class="stale"');
    expect(statusPage(threeRuns, threeHoursLater, { expectedEveryMs: 2 * 3_600_000 })).toContain('data-state="operational"');
    // Unset, an hour is expected (the hourly workflow's).
    expect(statusPage(threeRuns, threeHoursLater)).toContain('class="stale"');
  });

  test('a tile per window: runs held of runs completed', () => {
    const tile = (days: number, label: string) =>
      `<div class="tile" data-window="${days}" data-availability="66.67"><div class="big">66.67%</div><div class="muted">${label}: 2 of 3 runs held</div></div>`;
    expect(page()).toContain(`<div class="tiles">${tile(1, '24 hours')}${tile(7, '7 days')}${tile(30, '30 days')}${tile(90, '90 days')}</div>`);
    const noneCompleted = statusPage([line(T2, 'monitor-error', {})], NOW);
    expect(noneCompleted).toContain(
      '<div class="tile" data-window="1" data-availability=""><div class="big">–</div><div class="muted">24 hours: 0 of 0 runs held</div></div>',
    );
    // One run is one run, in the tile and in the day's bar.
    const oneDown = statusPage([line(T2, 'unavailable', {})], NOW);
    expect(oneDown).toContain('<div class="muted">24 hours: 0 of 1 run held</div>');
    expect(oneDown).toContain('0 of 1 run held, major outage');
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
    expect(html).toContain(
      '<td>a</td><td class="num" data-label="24 hours">66.67%</td><td class="num" data-label="7 days">66.67%</td><td class="num" data-label="30 days">50.00%</td>',
    );
  });

  test('a window ends exactly its length before now: a run on the boundary is outside it', () => {
    const boundary = line('2026-11-30T12:00:00.000Z', 'failed', { a: ['failed', 1, 1] });
    const html = statusPage([boundary, ...threeRuns], NOW);
    expect(html).toContain('24 hours: 2 of 3 runs held');
    expect(html).toContain('7 days: 2 of 4 runs held');
    expect(html).toContain('<td>a</td><td class="num" data-label="24 hours">66.67%</td><td class="num" data-label="7 days">50.00%</td>');
    const thirtyDaysAgo = line('2026-11-01T12:00:00.000Z', 'passed', { a: ['passed', 1, 1000] });
    // The chart's thirty days leave the boundary run out, so its 1000 ms sets no scale.
    expect(statusPage([thirtyDaysAgo, ...threeRuns], NOW)).toContain('<span>0 to 200 ms</span>');
  });

  test("a check a run did not have counts neither way in that run's windows", () => {
    const withoutB = line('2026-12-01T09:00:00.000Z', 'failed', { a: ['failed', 1, 1] });
    expect(statusPage([withoutB, ...threeRuns], NOW)).toContain('<td>b</td><td class="num" data-label="24 hours">100.00%</td>');
  });

  test('every kind of markup in history is escaped: & < > and quotes', () => {
    const html = statusPage([{ ...threeRuns[0]!, target: 'a & b <c> "d"' }], NOW);
    expect(html).toContain('a &amp; b &lt;c&gt; &quot;d&quot; <span class="state">');
    const said = statusPage(
      [line(T2, 'failed', { a: ['failed', 1, 1] }, { said: '<img src=x>', titles: { a: '<b>a</b>' }, report: 'https://x/"><script>' })],
      NOW,
    );
    expect(said).not.toMatch(/<img|<b>a|"><script/);
    expect(said).toContain('&lt;img src=x&gt;');
  });

  test('writeStatusPage writes status.html in the reports folder, whole', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-status-'));
    const path = writeStatusPage(dir, threeRuns);
    expect(path).toBe(join(dir, 'status.html'));
    expect(readFileSync(path, 'utf8')).toContain('<section data-target="acme" data-state=');
  });

  test("the latest runs: one bar each, the newest at the right end inside the picture, in its state's colour, each saying when and what", () => {
    expect(page()).toContain(
      '<h3>Latest runs</h3><svg class="timeline" viewBox="0 0 720 18" preserveAspectRatio="none" role="img" aria-label="the latest 3 runs; the newest, at the right: passed at 2026-12-01 12:00 UTC">' +
        '<rect x="675.0" width="14.0" height="18" fill="#1a7f37"><title>2026-12-01 10:00 UTC: passed</title></rect>' +
        '<rect x="690.0" width="14.0" height="18" fill="#bc4c00"><title>2026-12-01 11:00 UTC: contract broken</title></rect>' +
        '<rect x="705.0" width="14.0" height="18" fill="#1a7f37"><title>2026-12-01 12:00 UTC: passed</title></rect>' +
        '</svg><div class="axis"><span>2026-12-01 10:00 UTC</span><span>2026-12-01 12:00 UTC</span></div>',
    );
    // After a failed run, written at the end of that run: its bar is the last, in a partial outage's colour, and inside the view box.
    const afterFailure = statusPage([...threeRuns.slice(0, 2), line(T2, 'failed', { a: ['failed', 1, 1] }, { said: '1 contract broken: a' })], NOW);
    const bars = [...afterFailure.matchAll(/<svg class="timeline"[\s\S]*?<\/svg>/g)][0]![0];
    const last = [...bars.matchAll(/<rect x="([\d.]+)" width="([\d.]+)" height="18" fill="([^"]+)"><title>([^<]+)<\/title>/g)].at(-1)!;
    expect(Number(last[1]) + Number(last[2])).toBeLessThanOrEqual(720);
    expect(last[3]).toBe('#bc4c00');
    expect(last[4]).toBe('2026-12-01 12:00 UTC: contract broken; 1 contract broken: a');
    // At most the latest 48.
    const runs = Array.from({ length: 50 }, (_, i) => line(new Date(NOW.getTime() - (50 - i) * 3_600_000).toISOString(), 'passed', {}));
    expect((statusPage(runs, NOW).match(/<rect x="[\d.]+" width="14.0" height="18"/g) ?? []).length).toBe(48);
  });

  test('ninety daily bars, per target and per check: one strip for the days all was well, and each day with trouble its own bar with its date and figure as text', () => {
    const html = page();
    const targetBars = /<h3>90 days<\/h3><svg class="days"[^>]*>([\s\S]*?)<\/svg>/.exec(html)![1]!;
    const titles = [...targetBars.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    // Today's three runs, the middle one failed: the worst is a partial outage, the figure 2 of 3; no day was all well.
    expect(titles).toEqual(['0 days operational', '2026-12-01: 2 of 3 runs held, partial outage']);
    expect(targetBars).toContain('<rect x="890" width="8" height="24" fill="#bc4c00">');
    expect(html).toContain('aria-label="acme: 90 days, 1 with trouble"');
    // Days of calm are one strip, from the first day with a run: the page does not grow with the days.
    const calm = statusPage([line('2026-11-29T10:00:00.000Z', 'passed', {}), line('2026-11-30T10:00:00.000Z', 'passed', {}), ...threeRuns], NOW);
    const calmBars = /<h3>90 days<\/h3><svg class="days"[^>]*>([\s\S]*?)<\/svg>/.exec(calm)![1]!;
    expect(calmBars).toContain('<rect x="870" width="28" height="24" fill="#1a7f37"><title>2 days operational</title></rect>');
    // A check's own bars: a failed in one run of the day.
    const checkA = /<tr data-check="a">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(checkA).toContain('<title>2026-12-01: 2 of 3 runs held, partial outage</title>');
    const ours = statusPage([line(T2, 'monitor-error', {})], NOW);
    expect(ours).toContain('<title>2026-12-01: no verdict on Pluvo, unknown</title>');
  });

  test("the latency chart: each run's p50 (median of its checks) and p95 (its highest), scaled to the largest", () => {
    // Its words are the page's text, readable at any width; the drawing only draws.
    expect(
      page(),
    ).toContain(`<h3>Latency</h3><div class="axis"><span>0 to 200 ms</span><span><span class="p50">p50</span> · <span class="p95">p95</span> (per run)</span></div>
<svg class="chart" viewBox="0 0 720 120" preserveAspectRatio="none" role="img" aria-label="latency p50 and p95 per run, from 0 to 200 ms, 2026-12-01 10:00 UTC to 2026-12-01 12:00 UTC">
<polyline fill="none" stroke="#d0d7de" vector-effect="non-scaling-stroke" points="0,0 0,120 720,120"/>
<polyline fill="none" stroke="#0969da" stroke-width="1.5" vector-effect="non-scaling-stroke" points="0.0,90.0 360.0,90.0 720.0,90.0"/><polyline fill="none" stroke="#cf222e" stroke-width="1.5" vector-effect="non-scaling-stroke" points="0.0,62.0 360.0,6.0 720.0,62.0"/></svg>
<div class="axis"><span>2026-12-01 10:00 UTC</span><span>2026-12-01 12:00 UTC</span></div>`);
  });

  test('the latency chart needs two timed runs in thirty days; runs at one instant stack at the left', () => {
    const message = '<h3>Latency</h3><p class="muted">Not enough runs with timings for a latency chart yet.</p>';
    expect(statusPage(threeRuns.slice(0, 1), NOW)).toContain(message);
    expect(statusPage([line(T0, 'passed', { a: ['passed', null, null] }), threeRuns[2]!], NOW)).toContain(message);
    expect(statusPage([{ ...threeRuns[0]!, at: '2026-10-01T12:00:00.000Z' }, threeRuns[2]!], NOW)).toContain(message);
    const sameInstant = statusPage([threeRuns[0]!, { ...threeRuns[1]!, at: T0 }], NOW);
    expect(sameInstant).toContain('points="0.0,62.0 0.0,6.0"');
    // A run timed only at p95 has no p50 point.
    const p95Only = statusPage([line(T0, 'passed', { a: ['passed', null, 100] }), threeRuns[1]!], NOW);
    expect(p95Only).toContain('stroke="#0969da" stroke-width="1.5" vector-effect="non-scaling-stroke" points="720.0,90.0"');
    // A chart of zeros still has a scale.
    const zeros = statusPage([line(T0, 'passed', { a: ['passed', 0, 0] }), line(T1, 'passed', { a: ['passed', 0, 0] })], NOW);
    expect(zeros).toContain('<span>0 to 1 ms</span>');
    expect(zeros).toContain('points="0.0,118.0 720.0,118.0"');
  });

  test('the checks: those with trouble first, worst first, by title where known, availability per window and p95 now; the rest collapsed', () => {
    const html = statusPage(threeRuns, NOW, { titles: { a: 'the token is issued' } });
    expect(html).toContain(
      '<tbody><tr data-check="a"><td data-label="now"><span class="dot" style="background:#1a7f37"></span>passed</td><td>the token is issued <span class="muted">(a)</span></td>' +
        '<td class="num" data-label="24 hours">66.67%</td><td class="num" data-label="7 days">66.67%</td><td class="num" data-label="30 days">66.67%</td><td class="num" data-label="90 days">66.67%</td><td class="num" data-label="p95 now">100 ms</td>',
    );
    // b was skipped in the last run: listed, grey, never red.
    expect(html).toContain('<tr data-check="b"><td data-label="now"><span class="dot" style="background:#6e7781"></span>skipped</td><td>b</td>');
    const order = statusPage(
      [
        line(T2, 'failed', {
          a: ['skipped', null, null],
          b: ['passed', 1, 1],
          c: ['flaky', 1, 1],
          d: ['degraded', 1, 1],
          f2: ['failed', 1, 1],
          f1: ['failed', 1, 1],
          n: ['not-run', null, null],
          u: ['unavailable', 1, 1],
        }),
      ],
      NOW,
    );
    expect([...order.matchAll(/<tr data-check="([^"]+)"/g)].map((m) => m[1])).toEqual(['u', 'f1', 'f2', 'd', 'c', 'a', 'n']);
    expect(order).toContain('<details><summary>1 check held in every run of the last 90 days</summary><ul class="calm"><li>b</li></ul></details>');
    expect(order).toContain('<tr data-check="n"><td data-label="now"><span class="dot" style="background:#6e7781"></span>not run</td>');
    expect(statusPage([line(T2, 'passed', { a: ['degraded', 5, 5] })], NOW)).toContain('<td class="num" data-label="p95 now">5 ms</td>');
  });

  test('incidents in words, newest first: what (its headline, the titles or what the run said), from, until or ongoing, how long, the alerts sent, the report', () => {
    const history = [
      threeRuns[0]!,
      line(
        T1,
        'failed',
        { a: ['failed', 50, 200] },
        {
          alerts: [{ kind: 'failure', incident: 'contract' }],
          titles: { a: 'the token is issued' },
          said: '1 contract broken: the token is issued',
          report: 'https://ci.example/7',
        },
      ),
      threeRuns[2]!,
    ];
    expect(statusPage(history, NOW)).toContain(
      '<tbody><tr class="incident" data-kind="contract" data-from="2026-12-01T11:00:00.000Z"><td><span class="dot" style="background:#bc4c00"></span>Pluvo contract broken: the token is issued</td><td class="num" data-label="from">2026-12-01 11:00 UTC</td>' +
        '<td class="num" data-label="until">2026-12-01 12:00 UTC</td><td class="num" data-label="lasted">1 h, 1 run</td><td data-label="alerts sent">first at 2026-12-01 11:00 UTC; recovery at 2026-12-01 12:00 UTC</td>' +
        '<td data-label="report"><a href="https://ci.example/7">report</a></td></tr></tbody>',
    );
    const down = line(T2, 'unavailable', {}, { said: 'Pluvo did not answer (HTTP 502 (Bad Gateway)) before any check, so none of the 47 checks was run' });
    expect(statusPage([threeRuns[0]!, down], new Date(Date.parse(T2) + 30 * 60_000))).toContain(
      '<td><span class="dot" style="background:#cf222e"></span>Pluvo API unavailable: Pluvo did not answer (HTTP 502 (Bad Gateway)) before any check, so none of the 47 checks was run</td><td class="num" data-label="from">2026-12-01 12:00 UTC</td>' +
        '<td class="num" data-label="until"><b>ongoing</b></td><td class="num" data-label="lasted">30 min, 1 run</td><td data-label="alerts sent">none</td><td data-label="report">–</td>',
    );
    const many = Array.from({ length: 5 }, (_, i) => [`c${i}`, `check ${i}`]);
    const five = line(T2, 'failed', Object.fromEntries(many.map(([id]) => [id, ['failed', 1, 1] as Timings])), { titles: Object.fromEntries(many) });
    expect(statusPage([five], NOW)).toContain('>Pluvo contract broken: check 0; check 1; check 2 and 2 more</td>');
    expect(statusPage([line(T2, 'monitor-error', {})], NOW)).toContain('></span>The monitor itself failed (no verdict on Pluvo)</td>');
    expect(statusPage(threeRuns.slice(0, 1), NOW)).toContain('<h3>Incidents</h3><p class="muted">No incidents in the kept history.</p>');
  });

  test('each kind of trouble is its own incident, by the same rule as the alerts: a run ends only what it can see', () => {
    const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
    const history = [
      line(at(0), 'failed', { a: ['failed', 1, 1] }, { alerts: [{ kind: 'failure', incident: 'contract' }] }),
      line(at(4), 'unavailable', { a: ['not-run', null, null] }),
      line(at(8), 'unavailable', { a: ['not-run', null, null] }, { alerts: [{ kind: 'failure', incident: 'outage' }] }),
      line(
        at(12),
        'degraded',
        { a: ['degraded', 1, 1] },
        {
          alerts: [
            { kind: 'recovery', incident: 'outage' },
            { kind: 'recovery', incident: 'contract' },
          ],
        },
      ),
      line(at(16), 'monitor-error', {}),
      line(at(20), 'passed', { a: ['passed', 1, 1] }),
    ];
    expect(incidents(history).map((i) => [i.kind, i.from, i.until, i.runs, i.checks, i.alerts])).toEqual([
      ['contract', at(0), at(12), 1, ['a'], ['first at 2026-12-01 10:00 UTC', 'recovery at 2026-12-01 10:12 UTC']],
      ['outage', at(4), at(12), 2, [], ['first at 2026-12-01 10:08 UTC', 'recovery at 2026-12-01 10:12 UTC']],
      ['slowness', at(12), at(20), 1, ['a'], []],
      ['monitor', at(16), at(20), 1, [], []],
    ]);
    // A line of an older version kept one alert: it belongs to its own verdict's incident, a recovery to those that end.
    const older = [line(at(0), 'failed', { a: ['failed', 1, 1] }, { alert: 'failure' }), line(at(4), 'passed', {}, { alert: 'recovery' })];
    expect(incidents(older).map((i) => i.alerts)).toEqual([['first at 2026-12-01 10:00 UTC', 'recovery at 2026-12-01 10:04 UTC']]);
  });

  test('the page: targets worst first, then by name, each from its own runs sorted by time; an empty history says so', () => {
    const beta = { ...threeRuns[0]!, target: 'beta', targetKey: 'beta', at: '2026-12-01T09:00:00.000Z' };
    const html = statusPage([threeRuns[2]!, threeRuns[0]!, beta, threeRuns[1]!], NOW);
    // beta's last run was three hours ago: stale, so unknown, which is worse than operational.
    expect([...html.matchAll(/<section data-target="([^"]+)"/g)].map((m) => m[1])).toEqual(['beta', 'acme']);
    expect(html).toContain('</section>\n<section data-target="acme"');
    expect(html).toContain('Last checked 2026-12-01 12:00 UTC (just now): <b>passed</b>');
    expect(html).toContain('Generated 2026-12-01 12:00 UTC from 4 runs of 2 organisations in history.');
    // A run of several organisations is one run: its lines share its end.
    expect(statusPage([...threeRuns, { ...threeRuns[2]!, target: 'beta', targetKey: 'beta' }], NOW)).toContain('from 3 runs of 2 organisations in history.');
    expect(statusPage([threeRuns[2]!], NOW)).toContain('from 1 run of 1 organisation in history.');
    expect(html).toContain('<title>Pluvo contract monitor: status</title>');
    const empty = statusPage([], NOW);
    expect(empty).toContain('from no runs in history');
    expect(empty).toContain('<p>No runs in history yet.</p>');
    expect(page()).not.toContain('No runs in history yet.');
    expect(page().startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(page().endsWith('</body></html>\n')).toBe(true);
  });

  test('four organisations or more: a table of them all first, worst first, each linked to its own part; those with nothing to look at are collapsed', () => {
    const of = (name: string, verdict: RunVerdict) =>
      threeRuns
        .slice(0, 2)
        .concat({ ...threeRuns[2]!, verdict })
        .map((run) => ({ ...run, target: name, targetKey: name }));
    const four = [...of('delta', 'passed'), ...of('alpha', 'passed'), ...of('gamma', 'failed'), ...of('beta', 'passed')];
    const html = statusPage(four, NOW);
    const rows = [
      ...html.matchAll(/<tr data-target="([^"]+)"><td><a href="#(org-\d)">([^<]+)<\/a><\/td><td data-label="now">(?:<[^>]+><\/span>)?([^<]+)<\/td>/g),
    ];
    expect(html).toContain('<h2>4 organisations</h2><table class="overview">');
    expect(rows.map((m) => [m[1], m[2], m[4]])).toEqual([
      ['gamma', 'org-1', 'Partial outage'],
      ['alpha', 'org-2', 'Operational'],
      ['beta', 'org-3', 'Operational'],
      ['delta', 'org-4', 'Operational'],
    ]);
    // Each link leads to its organisation's first words, inside what a collapsed one opens (a browser opens it for the link).
    for (const [, key, anchor] of rows)
      expect(html).toMatch(
        new RegExp(`<section data-target="${key}" data-state="[a-z_]+">\\n(<details><summary>)?<h2>.*</h2>(</summary>)?\\n<p class="muted" id="${anchor}">`),
      );
    expect(html.indexOf('class="overview"')).toBeLessThan(html.indexOf('<section'));
    expect(html).toContain('<td class="num" data-label="24 hours">66.67%</td>');
    // The broken one stays open; the three with nothing to look at are a line each until opened, all they say kept.
    expect(html).toContain('<section data-target="gamma" data-state="partial_outage">\n<h2>');
    expect([...html.matchAll(/<section data-target="([a-z]+)" data-state="operational">\n<details><summary><h2/g)].map((m) => m[1])).toEqual([
      'alpha',
      'beta',
      'delta',
    ]);
    expect(html.match(/<h3>Checks<\/h3>/g)).toHaveLength(4);
    // Three are read as they were.
    const three = statusPage(
      four.filter((run) => run.targetKey !== 'delta'),
      NOW,
    );
    expect(three).not.toContain('class="overview"');
    expect(three).not.toContain('<details><summary><h2');
  });

  test('quotes in history are escaped inside attributes', () => {
    const html = statusPage([{ ...threeRuns[0]!, targetKey: 'a"b', checks: { 'x"y': ['degraded', 1, 1] } }], NOW);
    expect(html).toContain('<section data-target="a&quot;b" data-state="operational">');
    expect(html).toContain('<tr data-check="x&quot;y">');
  });

  test('the page names the worst organisation in its first words, with its trouble and since when; targets not seen for a week are left out', () => {
    const acmeDown = [threeRuns[0]!, line(T1, 'unavailable', {}), line(T2, 'unavailable', {})];
    const beta = (verdict: RunVerdict) => ({ ...line(T2, verdict, {}), target: 'beta', targetKey: 'beta' });
    const gone = { ...line('2026-11-20T10:00:00.000Z', 'unavailable', {}), target: 'old-org', targetKey: 'old' };
    const html = statusPage([...acmeDown, beta('failed'), gone], NOW);
    const headline = /<p class="headline"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!;
    expect(headline.replace(/<[^>]+>/g, '')).toBe(
      'Major outage: acme, Pluvo did not answer since 2026-12-01 11:00 UTC (1 h). 2 of 2 organisations need a look. Also: beta (partial outage).',
    );
    expect(html.indexOf('class="headline"')).toBeLessThan(html.indexOf('<section'));
    expect([...html.matchAll(/<section data-target="([^"]+)"/g)].map((m) => m[1])).toEqual(['acme', 'beta']);
    expect(html).toContain('Not checked for over 7 days, so left out: old-org.');
    expect(html).toContain('<ul class="legend" aria-label="legend">');
    // Trouble three or more share is said as what it is at how many, since the first; the rest after it.
    const down = (name: string, at: string) => ({ ...line(at, 'unavailable', {}), target: name, targetKey: name });
    const outage = statusPage([...acmeDown, beta('failed'), down('gamma', T2), down('delta', T2)], NOW);
    expect(/<p class="headline"[^>]*>([\s\S]*?)<\/p>/.exec(outage)![1]!.replace(/<[^>]+>/g, '')).toBe(
      'Major outage: Pluvo API unavailable at 3 of 4 organisations since 2026-12-01 11:00 UTC (1 h). Also: beta (partial outage).',
    );
    const well = statusPage([threeRuns[2]!, beta('passed')], NOW);
    expect(/<p class="headline"[^>]*>([\s\S]*?)<\/p>/.exec(well)![1]!.replace(/<[^>]+>/g, '')).toBe('All 2 organisations operational.');
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
