import { test, expect } from '../contract/base-test';
import { CONNECTIONS } from '../../src/paging/connections';
import { judgeLiveData, LIVE_DATA_WARNING } from '../../src/paging/live-data';
import { samplePlan, windowOffsets } from '../../src/paging/sample-plan';

const users = CONNECTIONS.find((c) => c.field === 'paginatedUsers')!;
const certificates = CONNECTIONS.find((c) => c.field === 'certificates')!;

test.describe('sampled paging: the plan', () => {
  test('the page budget is spent on windows, the end and the first pages, never more', () => {
    expect(samplePlan(users, 12)).toEqual({ cursorPages: 3, windows: 2 });
    expect(samplePlan(users, 30)).toEqual({ cursorPages: 3, windows: 8 });
    // Without offset: the first pages by cursor and the end through `last`.
    expect(samplePlan(certificates, 12)).toEqual({ cursorPages: 10, windows: 0 });
  });

  test('windows start where two full pages fit, are reproducible by seed, and differ by seed and connection', () => {
    const a = windowOffsets(42, 'paginatedUsers', 100_000, 2);
    expect(a).toHaveLength(2);
    for (const offset of a) expect(offset).toBeGreaterThanOrEqual(0), expect(offset).toBeLessThanOrEqual(100_000 - 100);
    expect(windowOffsets(42, 'paginatedUsers', 100_000, 2)).toEqual(a);
    expect(windowOffsets(43, 'paginatedUsers', 100_000, 2)).not.toEqual(a);
    expect(windowOffsets(42, 'paginatedGroups', 100_000, 2)).not.toEqual(a);
    // A list of at most two pages has one window, at its start.
    expect(windowOffsets(42, 'paginatedUsers', 64, 2)).toEqual([0]);
  });

  test('over many runs the windows cover the whole list', () => {
    const tenths = new Set(
      Array.from({ length: 200 }, (_, seed) => windowOffsets(seed, 'paginatedUsers', 100_000, 2))
        .flat()
        .map((offset) => Math.floor(offset / 10_000)),
    );
    expect([...tenths].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

test.describe('live data: an anomaly is a broken contract only on data that held still', () => {
  const anomaly = 'count says 138 but the walk found 137 edges in 3 pages.';

  test('no anomaly holds; one on a steady count is broken, without a second look', async () => {
    let looked = false;
    const recheck = async () => ((looked = true), { anomalies: [], counts: [1] });
    expect(await judgeLiveData({ anomalies: [], counts: [137, 138] }, recheck, 'x')).toEqual({ kind: 'holds' });
    expect(await judgeLiveData({ anomalies: [anomaly], counts: [138] }, recheck, 'x')).toEqual({ kind: 'broken', anomalies: [anomaly] });
    expect(looked).toBe(false);
  });

  test('a moving count is looked at again: gone or still moving warns, with the evidence', async () => {
    const gone = await judgeLiveData({ anomalies: [anomaly], counts: [137, 138] }, async () => ({ anomalies: [], counts: [138] }), 'pages 1–2');
    expect(gone).toEqual({
      kind: 'changed',
      warning: `${LIVE_DATA_WARNING} count went 137 → 138; a re-check of pages 1–2 found it consistent. What was seen: ${anomaly}`,
    });
    const moving = await judgeLiveData({ anomalies: [anomaly], counts: [137, 138] }, async () => ({ anomalies: ['again'], counts: [139, 140] }), 'pages 1–2');
    expect(moving.kind).toBe('changed');
    expect(moving.kind === 'changed' && moving.warning).toContain('found the data still changing (count 139 → 140)');
  });

  test('a count that kept moving is shown by its first two values and its last, and how many there were', async () => {
    const described = async (counts: unknown[]) => {
      const verdict = await judgeLiveData({ anomalies: [anomaly], counts }, async () => ({ anomalies: [], counts: [1] }), 'x');
      return verdict.kind === 'changed' ? /count went (.*); a re-check/.exec(verdict.warning)?.[1] : verdict.kind;
    };
    expect(await described([1, 2, 3, 4])).toBe('1 → 2 → 3 → 4');
    expect(await described([1, 2, 3, 4, 5])).toBe('1 → 2 → … → 5 (5 values)');
    expect(await described([1, '…', 'x'.repeat(100)])).toBe(`1 → "…" → "${'x'.repeat(38)}…`);
  });

  test('the anomaly seen again on a count that held still is broken', async () => {
    const verdict = await judgeLiveData(
      { anomalies: [anomaly], counts: [137, 138] },
      async () => ({ anomalies: ['1 node came back more than once'], counts: [138] }),
      'pages 1–2',
    );
    expect(verdict).toEqual({
      kind: 'broken',
      anomalies: ['1 node came back more than once (seen again on a re-check of pages 1–2, while count held at 138)'],
    });
  });
});

test.describe('the draw, pinned', () => {
  // PLUVO_PAGING_SEED is part of the interface: a seed printed by a run must draw the same windows
  // after an upgrade, so the generator and its mixing of the connection's name are pinned here.
  test('a seed draws these windows, in ascending order, every time', () => {
    expect(windowOffsets(1, 'paginatedUsers', 100_000, 5)).toEqual([50203, 58534, 66024, 87004, 97611]);
    expect(windowOffsets(7, 'paginatedTrainings', 1_000, 3)).toEqual([115, 719, 742]);
  });
});
