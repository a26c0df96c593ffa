import { test, expect } from '../contract/base-test';
import { availability, incidents, runLatency, statusPage } from '../../src/report/status-page';
import { CHECK_IDS, simulateHistory, type Scenario } from '../support/simulated-history';

const END = new Date('2026-11-28T12:00:00Z');
const minutes = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const NOW = new Date(END.getTime() + 60_000);
// A week of hourly runs: six failing hours (alerted, then recovered), two slow hours, one in which
// the monitor itself failed, and the rest healthy.
const week = simulateHistory({ label: 'https://acme.pluvo.com', key: 'https://acme.pluvo.com' }, 168, END, (hour) => {
  if (hour >= 50 && hour < 56)
    return { outcome: 'failed', ...(hour === 50 ? { alert: { kind: 'failure' as const, incident: 'contract' as const, verdict: 'failed' as const } } : {}) };
  if (hour === 56) return { outcome: 'passed', alert: { kind: 'recovery', incident: 'contract', verdict: 'failed' } };
  if (hour === 100 || hour === 101) return { outcome: 'degraded' };
  if (hour === 120) return { outcome: 'monitor-error', alert: { kind: 'failure', incident: 'monitor', verdict: 'monitor-error' } };
  return { outcome: 'passed' };
});
const day = simulateHistory({ label: 'the embedded sandbox', key: 'sandbox' }, 24, END, () => ({ outcome: 'passed' }));

test.describe('status page from a week of history', () => {
  test('availability counts completed runs whose contracts held; monitor errors count neither way', () => {
    expect(availability(week, 1, NOW)).toEqual({ held: 24, completed: 24, percent: 100 });
    // 168 runs, one monitor error: 167 completed, of which 6 failed (degraded still held).
    expect(availability(week, 7, NOW)).toEqual({ held: 161, completed: 167, percent: (100 * 161) / 167 });
    expect(availability(week, 30, NOW).completed).toBe(167);
  });

  test('incidents are the periods that did not hold, with the alerts sent', () => {
    const found = incidents(week);
    expect(found.map((i) => [i.kind, i.runs, i.checks, i.alerts])).toEqual([
      ['contract', 6, ['paging.cursor-walk.paginatedUsers'], [`first at ${minutes(week[50]!.at)}`, `recovery at ${minutes(week[56]!.at)}`]],
      ['slowness', 2, ['paging.cursor-walk.paginatedUsers'], []],
      ['monitor', 1, [], [`first at ${minutes(week[120]!.at)}`]],
    ]);
    expect(found[0]!.from).toBe(week[50]!.at);
    expect(found[0]!.until).toBe(week[56]!.at);
  });

  test('the page shows what the history says, per target and per check, in one self-contained file', () => {
    const html = statusPage([...week, ...day], NOW);
    const tile = (target: string, days: number) =>
      new RegExp(`data-target="${target.replace(/[.]/g, '\\.')}"[\\s\\S]*?data-window="${days}" data-availability="([^"]*)"`).exec(html)?.[1];
    expect(tile('https://acme.pluvo.com', 7)).toBe(((100 * 161) / 167).toFixed(2));
    expect(tile('https://acme.pluvo.com', 1)).toBe('100.00');
    expect(tile('sandbox', 30)).toBe('100.00');
    expect(html).toContain('161 of 167 runs held');
    expect((html.match(/<tr class="incident"/g) ?? []).length).toBe(3);
    // Checks with trouble in the window are rows; those that held throughout are one collapsed list.
    for (const id of CHECK_IDS) expect(html).toContain(id);
    expect(html).toContain('data-check="paging.cursor-walk.paginatedUsers"');
    // The walk check failed 6 of 167 runs in which it ran: 161 held.
    expect(html).toMatch(
      /data-check="paging\.cursor-walk\.paginatedUsers"[^\n]*<td class="num" data-label="24 hours">100\.00%<\/td><td class="num" data-label="7 days">96\.41%<\/td>/,
    );
    expect((html.match(/<polyline/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|@import|url\(/);
  });

  test("a run's latency: the median of its checks' p50 and the highest p95", () => {
    expect(runLatency(week[0]!)).toEqual({ p50: week[0]!.checks[CHECK_IDS[1]!]![1], p95: week[0]!.checks[CHECK_IDS[3]!]![2] });
  });

  test('text from history is escaped', () => {
    const hostile = simulateHistory({ label: '<img src=x onerror=alert(1)>', key: 'x' }, 2, END, () => ({ outcome: 'monitor-error' }));
    const html = statusPage(hostile, NOW);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('the page does not grow with the runs kept: ten organisations, ninety days of hourly runs with weekly trouble, under 250 KB', () => {
    const trouble = (hour: number) =>
      hour % 168 < 3 ? { outcome: 'failed' as const } : hour % 120 < 2 ? { outcome: 'degraded' as const } : { outcome: 'passed' as const };
    const pageOf = (hours: number, scenario: Scenario) =>
      statusPage(
        Array.from({ length: 10 }, (_, t) => simulateHistory({ label: `org${t} (https://org${t}.pluvo.com)`, key: `org${t}` }, hours, END, scenario)).flat(),
        NOW,
      );
    expect(pageOf(90 * 24, trouble).length).toBeLessThan(250 * 1024);
    // Healthy, ninety days cost what one week does: days of calm are one strip, the chart a point a day.
    const healthy: Scenario = () => ({ outcome: 'passed' });
    expect(pageOf(90 * 24, healthy).length - pageOf(7 * 24, healthy).length).toBeLessThan(10 * 1024);
  });
});
