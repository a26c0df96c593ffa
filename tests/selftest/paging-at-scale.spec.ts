import { test, expect } from '../contract/base-test';
import { FAULTS, type FaultName } from '../../sandbox/faults';
import { LIVE_DATA_WARNING } from '../../src/paging/live-data';
import { runChecksAgainstSandbox } from '../support/run-checks';
import { CONNECTIONS, LONGER_THAN_A_PAGE, WITH_OFFSET } from './expected-failures';

/**
 * Paging against an organisation like a real one: large (every connection spans many pages, more
 * than a sampled run reads), changing while it is walked, and beyond the monitor's own budgets.
 * The small sandbox's rows are in the fault matrix (expected-failures.ts).
 */
const LARGE = 3_000;
const pagingOnly = (id: string) => id.startsWith('paging.');
const all = (kind: string, fields = CONNECTIONS) => fields.map((field) => `paging.${kind}.${field}`);
/** On the small sandbox of the full walks: the lists longer than a page that have offset (not groups' one page). */
const longWithOffset = LONGER_THAN_A_PAGE.filter((field) => WITH_OFFSET.includes(field));

test.describe('sampled paging on a large organisation (3,000 users: every connection longer than the page budget)', () => {
  // Written out from what each fault breaks when no walk reaches the end by cursor: the ends are
  // read by offset, and through `last` for certificates, which has no offset.
  const LARGE_EXPECTED: Partial<Record<FaultName, string[]>> = {
    'page-cap-off': all('over-limit'),
    'page-cap-clamps': all('over-limit'),
    'duplicate-node-across-pages': [...all('cursor-walk'), ...all('offset', WITH_OFFSET)],
    // certificates' count is checked only where its walk ends: by a sampled walk of a short list, or --full.
    'wrong-count': all('offset', WITH_OFFSET),
    'has-next-page-stuck': ['paging.cursor-walk.certificates', ...all('offset', WITH_OFFSET)],
    'offset-ignored': all('offset', WITH_OFFSET),
    // Every connection is longer than a page here, so each first page, each walk and each offset window shows the 51st edge.
    'page-overfull': [...all('page-size'), ...all('cursor-walk'), ...all('offset', WITH_OFFSET)],
    // Every page carries the string: its type on the first page, a walk that stops at once, windows and ends that do not say true or false.
    'has-next-page-as-string': [...all('page-size'), ...all('cursor-walk'), ...all('offset', WITH_OFFSET)],
    'over-limit-empty': all('over-limit'),
    // Each walk's plan needs a whole count, and so does each offset window's.
    'count-as-float': [...all('cursor-walk'), ...all('offset', WITH_OFFSET)],
  };

  test('every paging fault has its row here: a new one cannot be proven on the small sandbox alone', () => {
    const pagingFaults = FAULTS.filter((fault) => fault.area === 'paging').map((fault) => fault.name);
    expect(Object.keys(LARGE_EXPECTED).sort()).toEqual([...pagingFaults].sort());
  });

  test('the healthy large sandbox passes, and each sampled check sent a bounded number of requests', async () => {
    const { failing, results } = await runChecksAgainstSandbox({ users: LARGE, only: pagingOnly });
    expect(failing).toEqual([]);
    for (const [id, result] of results) expect(result.exchanges.length, id).toBeLessThanOrEqual(12);
  });

  for (const [fault, expected] of Object.entries(LARGE_EXPECTED)) {
    test(`${fault}: caught, by exactly ${expected.length} paging checks`, async () => {
      const { failing } = await runChecksAgainstSandbox({ users: LARGE, faults: new Set([fault as FaultName]), only: pagingOnly });
      expect(failing).toEqual([...expected].sort());
    });
  }

  test('the draw of windows changes with the seed, and the same seed draws them again', async () => {
    const windows = async (seed: string) => {
      const { results } = await runChecksAgainstSandbox({ users: LARGE, only: (id) => id === 'paging.offset.paginatedUsers' }, { PLUVO_PAGING_SEED: seed });
      return results.get('paging.offset.paginatedUsers')?.findings.find((f) => f.message.startsWith('Sampled windows'))?.message;
    };
    const [a, b, c] = [await windows('7'), await windows('7'), await windows('8')];
    expect(a).toMatch(/^Sampled windows at offset \d+, \d+ of 3000 nodes; PLUVO_PAGING_SEED=7 draws them again\.$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

test.describe('full walks (PLUVO_WALK=full)', () => {
  const FULL_EXPECTED: Partial<Record<FaultName, string[]>> = {
    'duplicate-node-across-pages': all('cursor-walk', LONGER_THAN_A_PAGE),
    'wrong-count': all('cursor-walk'),
    'has-next-page-stuck': [...all('cursor-walk'), ...all('offset', WITH_OFFSET)],
    // One page of 23 groups cannot show an ignored offset when every offset is 0.
    'offset-ignored': all('offset', longWithOffset),
    // The small sandbox's 23 groups fit one page: no 51st edge to give.
    'page-overfull': [...all('page-size', LONGER_THAN_A_PAGE), ...all('cursor-walk', LONGER_THAN_A_PAGE), ...all('offset', longWithOffset)],
    // The walks stop after the first page; a complete offset walk then finds more nodes than they did,
    // except on one page of groups, where both find all 23.
    'has-next-page-as-string': [...all('page-size'), ...all('cursor-walk'), ...all('offset', longWithOffset)],
    // A complete walk reads count to the end; the complete offset walk pages until a short page and needs none.
    'count-as-float': all('cursor-walk'),
  };

  test('the healthy sandbox passes with complete walks', async () => {
    expect((await runChecksAgainstSandbox({ only: pagingOnly }, { PLUVO_WALK: 'full' })).failing).toEqual([]);
  });

  for (const [fault, expected] of Object.entries(FULL_EXPECTED)) {
    test(`${fault}: caught by the complete walks`, async () => {
      const { failing } = await runChecksAgainstSandbox({ faults: new Set([fault as FaultName]), only: pagingOnly }, { PLUVO_WALK: 'full' });
      expect(failing).toEqual([...expected].sort());
    });
  }
});

test.describe('a live organisation (--churn): changes during a walk warn, never fail', () => {
  // The sandbox's clock moves 30 ms each time it is read and 20 users a second are created and
  // archived, so the organisation changes between any two requests, on any machine.
  const churning = { churnPerSecond: 20, clockTickMs: 30, only: pagingOnly };

  test('10 runs out of 10 pass, each with the live-data warning and its evidence', async () => {
    // Churn creates and archives users: the users connection is the one that changes.
    const usersPaging = (id: string) => id.startsWith('paging.') && id.endsWith('.paginatedUsers');
    for (let run = 1; run <= 10; run++) {
      const { failing, results } = await runChecksAgainstSandbox(
        { ...churning, only: usersPaging, users: run % 2 ? 137 : LARGE },
        { PLUVO_PAGING_SEED: String(run) },
      );
      expect(failing, `run ${run}`).toEqual([]);
      const warnings = [...results.values()].flatMap((r) => r.findings).filter((f) => f.severity === 'warn');
      expect(warnings.length, `run ${run}`).toBeGreaterThan(0);
      for (const warning of warnings) expect(warning.message).toMatch(new RegExp(`^${LIVE_DATA_WARNING} count went \\d+ → \\d+`));
    }
  });

  test('complete walks of a changing organisation pass with the warning too', async () => {
    const { failing, results } = await runChecksAgainstSandbox(churning, { PLUVO_WALK: 'full' });
    expect(failing).toEqual([]);
    expect(results.get('paging.cursor-walk.paginatedUsers')?.findings.map((f) => f.severity)).toContain('warn');
  });

  test('a node repeated on data that does not change still fails', async () => {
    const { failing, results } = await runChecksAgainstSandbox({ faults: new Set(['duplicate-node-across-pages']), only: pagingOnly });
    expect(failing).toContain('paging.cursor-walk.paginatedUsers');
    expect(results.get('paging.cursor-walk.paginatedUsers')?.findings.filter((f) => f.severity === 'warn')).toEqual([]);
  });
});

test.describe("the monitor's own budgets are never Pluvo's fault", () => {
  test('a check that runs out of its time budget says so, with what it had done, in its own category', async () => {
    const { results, outcomes } = await runChecksAgainstSandbox(
      { users: LARGE, latencyMs: 50, only: (id) => id === 'paging.cursor-walk.paginatedUsers' },
      { PLUVO_WALK: 'full', PLUVO_CHECK_TIMEOUT_MS: '1000' },
    );
    const result = results.get('paging.cursor-walk.paginatedUsers');
    expect(outcomes.get('paging.cursor-walk.paginatedUsers')?.cause).toBe('budget');
    expect(result?.findings.filter((f) => f.severity === 'fail').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The cursor walk broke: monitor budget exceeded: the check's time budget of 1 s ran out after \d+ pages/),
    ]);
  });
});
