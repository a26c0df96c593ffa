import { test, expect } from '../contract/base-test';
import { FIXTURE_CHECKS as CONTRACT_CHECKS } from '../support/run-checks';
import { runChecksAgainstSandbox } from '../support/run-checks';
import { runInProcess } from '../support/run-in-process';

/** Walks against a throttling sandbox, and against a request budget too small for them. */
test.describe('run limits on a real sandbox', () => {
  test('a rate-limited sandbox (429 with Retry-After) still passes every check: throttling is waited out, not reported', async () => {
    // The sandbox's clock moves only when the client waits, so a burst of 5 is spent after 5
    // requests on any machine: 429s are certain, not a matter of how fast this one is.
    const { failing, results } = await runChecksAgainstSandbox({ rateLimit: 20, rateBurst: 5 }, { PLUVO_RETRY_BUDGET_MS: '3600000' });
    expect(failing).toEqual([]);
    const attempts = [...results.values()].flatMap((r) => r.exchanges).map((e) => ('attempts' in e ? e.attempts : 1));
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });

  test('a throttled run whose retry budget is spent reports the 429, not a broken contract', async () => {
    const { outcomes } = await runChecksAgainstSandbox({ rateLimit: 1, rateBurst: 1 }, { PLUVO_RETRY_BUDGET_MS: '0' });
    const failed = [...outcomes.values()].filter((o) => o.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((o) => o.cause))).toEqual(new Set(['throttled']));
  });

  test('an API behind a failing proxy reads as unavailable; a broken contract does not', async () => {
    const down = await runChecksAgainstSandbox({ faults: new Set(['proxy-502']) });
    for (const id of down.failing) expect(down.outcomes.get(id)?.cause, id).toBe('unavailable');
    const broken = await runChecksAgainstSandbox({ faults: new Set(['wrong-count']) });
    for (const id of broken.failing) expect(broken.outcomes.get(id)?.cause, id).toBe('contract');
  });

  test('a run stops at its request budget with a clear finding in its own category, and sends no more', async () => {
    const { results, outcomes, requestsLeft } = await runChecksAgainstSandbox({}, { PLUVO_MAX_REQUESTS: '10' });
    expect(requestsLeft).toBe(0);
    const walk = results.get('paging.cursor-walk.certificates');
    expect(walk?.findings.map((f) => f.message).join(' ')).toContain("monitor budget exceeded: the run's request budget (PLUVO_MAX_REQUESTS) is spent");
    expect(outcomes.get('paging.cursor-walk.certificates')?.cause).toBe('budget');
    expect(CONTRACT_CHECKS.length).toBeGreaterThan(10);
  });

  test('the request budget holds for the whole run: the preflight and every selected check draw on one budget, and the target sees no more', async () => {
    // Ten requests for checks that need far more. The run's one engine holds the one ledger (a
    // worker each used to start with a budget of its own), so this is the run's logic, not its
    // processes: the run in this process, as Playwright's runner starts it.
    const run = await runInProcess({ PLUVO_MAX_REQUESTS: '10' }, undefined, ['--grep', 'paginatedUsers']);
    const served = Number(/embedded sandbox: served (\d+) requests/.exec(run.output)?.[1]);
    expect(run.output).toContain("monitor budget exceeded: the run's request budget (PLUVO_MAX_REQUESTS) is spent");
    expect(served).toBeGreaterThanOrEqual(10);
    expect(served).toBeLessThanOrEqual(12);
  });
});
