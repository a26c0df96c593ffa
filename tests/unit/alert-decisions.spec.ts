import { test, expect } from '@playwright/test';
import { DEFAULT_POLICY } from '../../src/config/policy';
import type { Cause } from '../../src/pluvo/cause';
import { countLine, decideAlert, EMPTY_TARGET_STATE, type TargetAlertState } from '../../src/report/alert-policy';
import { record } from '../support/records';
import { runVerdict, triage, type CheckRecord, type RunSummary, type RunVerdict } from '../../src/report/run-summary';

/**
 * The alert policy's and the verdict's finer points, state by state: what a fingerprint is made
 * of, the thresholds' edges, flaky streaks, and which failures are the API's trouble.
 * tests/unit/alerting.spec.ts runs the policy over whole sequences of runs.
 */

const AT = '2026-12-01T10:00:00.000Z';
const check = (checkId: string, outcome: CheckRecord['outcome'], extra: Partial<CheckRecord> = {}): CheckRecord =>
  record({ checkId, outcome, area: checkId.split('.')[0] as CheckRecord['area'], ...extra });
const run = (verdict: RunVerdict, checks: CheckRecord[], extra: Partial<RunSummary> = {}): RunSummary => ({
  at: AT,
  target: 't',
  targetKey: 't',
  verdict,
  checks,
  notices: [],
  ...extra,
});
const told = (kind: 'incident' | 'monitor-error' | 'flaky', fingerprint: string, lastAt = AT, reminders = 0): TargetAlertState['told'] => ({
  kind,
  fingerprint,
  at: AT,
  lastAt,
  reminders,
});

test.describe('fingerprints: what makes a change', () => {
  test('a failure is told with its verdict and failing checks, sorted; passing checks are not in it', () => {
    const decision = decideAlert(EMPTY_TARGET_STATE, run('failed', [check('shape.b', 'failed'), check('auth.a', 'failed'), check('paging.c', 'passed')]));
    expect(decision).toEqual({
      kind: 'failure',
      next: {
        badRuns: 1,
        badSince: AT,
        flakyRuns: 0,
        told: { ...told('incident', 'failed:auth.a,shape.b'), what: 'failed: 2 contracts broken: shape.b; auth.a' },
      },
    });
  });

  test('degraded runs are fingerprinted by their slow checks', () => {
    const previous = { badRuns: 1, flakyRuns: 0, badSince: AT };
    const decision = decideAlert(previous, run('degraded', [check('paging.x', 'degraded'), check('paging.y', 'passed'), check('auth.z', 'degraded')]));
    expect(decision.next.told?.fingerprint).toBe('degraded:auth.z,paging.x');
  });

  test('the same failures again are quiet; other ones are a change', () => {
    const previous = { badRuns: 1, flakyRuns: 0, badSince: AT, told: told('incident', 'failed:auth.a') };
    expect(decideAlert(previous, run('failed', [check('auth.a', 'failed')])).kind).toBeUndefined();
    expect(decideAlert(previous, run('failed', [check('auth.a', 'failed'), check('auth.b', 'failed')])).kind).toBe('change');
  });

  test('a monitor error is fingerprinted by its reason, and told once', () => {
    const decision = decideAlert({ badRuns: 2, flakyRuns: 1 }, run('monitor-error', [], { monitorError: 'no check ran' }));
    expect(decision).toEqual({
      kind: 'monitor-error',
      next: { badRuns: 2, flakyRuns: 1, told: { ...told('monitor-error', 'monitor-error:no check ran'), what: 'the monitor itself failed: no check ran' } },
    });
    expect(decideAlert(EMPTY_TARGET_STATE, run('monitor-error', [])).next.told?.fingerprint).toBe('monitor-error:');
    expect(
      decideAlert(decision.next, run('monitor-error', [], { monitorError: 'other' }), DEFAULT_POLICY, new Date('2026-12-01T11:00:00Z')).kind,
    ).toBeUndefined();
  });

  test('flaky runs are fingerprinted by their flaky checks', () => {
    const previous = { badRuns: 0, flakyRuns: 2 };
    const decision = decideAlert(previous, run('flaky', [check('shape.b', 'flaky'), check('auth.a', 'flaky'), check('x.c', 'passed')]));
    expect(decision).toEqual({
      kind: 'flaky',
      next: { badRuns: 0, flakyRuns: 3, told: { ...told('flaky', 'flaky:auth.a,shape.b'), what: '2 checks passed only on retry: shape.b; auth.a' } },
    });
  });
});

test.describe('thresholds at their edges', () => {
  test('the most urgent failure decides how many runs: a contract break at once, beside an unavailable one', () => {
    const mixed = run('failed', [check('paging.x', 'failed', { cause: 'unavailable' }), check('auth.a', 'failed')]);
    expect(decideAlert(EMPTY_TARGET_STATE, mixed).kind).toBe('failure');
    const unavailable = run('unavailable', [check('paging.x', 'failed', { cause: 'unavailable' })]);
    expect(decideAlert(EMPTY_TARGET_STATE, unavailable).kind).toBeUndefined();
    expect(decideAlert({ badRuns: 1, flakyRuns: 0, badSince: AT }, unavailable).kind).toBe('failure');
    // An area the policy does not name needs one run; a threshold of 0 still needs one.
    expect(decideAlert(EMPTY_TARGET_STATE, run('failed', [check('other.x', 'failed')])).kind).toBe('failure');
    const zero = { ...DEFAULT_POLICY, afterRuns: { ...DEFAULT_POLICY.afterRuns, unavailable: 0 } };
    expect(decideAlert(EMPTY_TARGET_STATE, unavailable, zero).kind).toBe('failure');
  });

  test('by time: due once the trouble has lasted exactly that long', () => {
    const policy = { ...DEFAULT_POLICY, afterMinutes: 30 };
    const since = { badRuns: 1, flakyRuns: 0, badSince: '2026-12-01T09:30:00.000Z' };
    const broken = run('failed', [check('auth.a', 'failed')]);
    expect(decideAlert(since, broken, policy, new Date('2026-12-01T09:59:59.999Z')).kind).toBeUndefined();
    expect(decideAlert(since, broken, policy, new Date('2026-12-01T10:00:00.000Z')).kind).toBe('failure');
  });

  test('reminders: every so many hours, at most so many times, counted', () => {
    const previous = { badRuns: 5, flakyRuns: 0, badSince: AT, told: told('incident', 'failed:auth.a', AT, 2) };
    const broken = run('failed', [check('auth.a', 'failed')]);
    const later = new Date('2026-12-02T10:00:00.000Z');
    expect(decideAlert(previous, broken, DEFAULT_POLICY, new Date('2026-12-02T09:59:00.000Z')).kind).toBeUndefined();
    expect(decideAlert(previous, broken, DEFAULT_POLICY, later)).toEqual({
      kind: 'reminder',
      next: { badRuns: 6, flakyRuns: 0, badSince: AT, told: told('incident', 'failed:auth.a', later.toISOString(), 3) },
    });
    expect(decideAlert({ ...previous, told: told('incident', 'failed:auth.a', AT, 3) }, broken, DEFAULT_POLICY, later).kind).toBeUndefined();
  });

  test('a recovery clears the incident; a pass after a told flaky streak clears it quietly; flaky again after one told is quiet', () => {
    expect(decideAlert({ badRuns: 3, flakyRuns: 0, badSince: AT, told: told('incident', 'f') }, run('passed', []))).toEqual({
      kind: 'recovery',
      next: { badRuns: 0, flakyRuns: 0 },
    });
    expect(decideAlert({ badRuns: 0, flakyRuns: 4, told: told('flaky', 'f') }, run('passed', []))).toEqual({
      kind: undefined,
      next: { badRuns: 0, flakyRuns: 0 },
    });
    expect(decideAlert({ badRuns: 0, flakyRuns: 4, told: told('flaky', 'f') }, run('flaky', [check('a.b', 'flaky')]))).toEqual({
      kind: undefined,
      next: { badRuns: 0, flakyRuns: 5, told: told('flaky', 'f') },
    });
  });

  test('notices: told when their set changes, whatever the order', () => {
    const first = decideAlert(EMPTY_TARGET_STATE, run('passed', [], { notices: ['b', 'a'] }));
    expect(first).toEqual({ kind: 'notice', next: { badRuns: 0, flakyRuns: 0, noticed: 'a\nb' } });
    expect(decideAlert(first.next, run('passed', [], { notices: ['a', 'b'] })).kind).toBeUndefined();
    expect(decideAlert(first.next, run('passed', [], { notices: ['a'] })).kind).toBe('notice');
  });
});

test.describe('the count line', () => {
  test('failed, passed, degraded and flaky when there are any, skipped', () => {
    expect(countLine(run('passed', [check('a', 'passed')]))).toBe('0 failed, 1 passed, 0 skipped');
    expect(countLine(run('passed', [check('a', 'flaky'), check('b', 'degraded'), check('c', 'skipped'), check('d', 'failed')]))).toBe(
      '1 failed, 0 passed, 1 degraded, 1 flaky, 1 skipped',
    );
  });
});

const NOTE =
  "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered, so it counts as this contract's failure.";

test.describe('verdicts and triage, at their edges', () => {
  const completed = { status: 'passed' as const, fatalErrors: [], incomplete: 0 };

  test('failures all of one kind of trouble: that kind; mixed troubles: unavailable', () => {
    const failing = (...causes: Cause[]) => causes.map((cause, i) => check(`a.${i}`, 'failed', { cause }));
    expect(runVerdict(completed, failing('budget', 'budget')).verdict).toBe('budget-exceeded');
    expect(runVerdict(completed, failing('budget', 'throttled')).verdict).toBe('unavailable');
    expect(runVerdict(completed, failing('config')).verdict).toBe('not-onboarded');
    // Our own setup, then our refused client, say more than Pluvo's trouble beside them.
    expect(runVerdict(completed, failing('config', 'budget')).verdict).toBe('not-onboarded');
    expect(runVerdict(completed, failing('credentials', 'unavailable')).verdict).toBe('credentials-refused');
    expect(runVerdict(completed, failing('throttled', 'throttled')).verdict).toBe('throttled');
    expect(runVerdict(completed, failing('throttled', 'unavailable')).verdict).toBe('unavailable');
    expect(runVerdict(completed, failing('throttled', 'contract')).verdict).toBe('failed');
  });

  test('triage: skipped checks do not count among those that answered; a quarter is the edge', () => {
    const unavailable = (i: number) =>
      check(`u.${i}`, 'failed', { cause: 'unavailable', failures: [{ message: 'HTTP 502', cause: 'unavailable', key: 'HTTP 502' }] });
    const passed = (n: number) => Array.from({ length: n }, (_, i) => check(`p.${i}`, 'passed'));
    const skipped = Array.from({ length: 10 }, (_, i) => check(`s.${i}`, 'skipped'));
    // One of four that ran: confined, so the contract's own failure.
    const confined = triage([unavailable(0), ...passed(3), ...skipped]);
    expect(confined[0]).toEqual({
      ...unavailable(0),
      cause: 'contract',
      headline: 'Contract broken: u.0',
      failures: [
        { message: NOTE, cause: 'contract' },
        { message: 'HTTP 502', cause: 'unavailable', key: 'HTTP 502' },
      ],
    });
    expect(confined.slice(1)).toEqual([...passed(3), ...skipped]);
    // One of three that ran is more than a quarter: the API's trouble.
    expect(triage([unavailable(0), ...passed(2), ...skipped])[0]).toHaveProperty('cause', 'unavailable');
    // Throttled failures are never re-judged; a message-less one gets the explanation alone.
    const throttled = check('t.0', 'failed', { cause: 'throttled' });
    expect(triage([throttled, ...passed(10)])[0]).toBe(throttled);
    const bare = check('u.1', 'failed', { cause: 'unavailable' });
    expect(triage([bare, ...passed(10)])[0]?.failures).toEqual([{ message: NOTE, cause: 'contract' }]);
    const degradedNotFailed = check('d.0', 'degraded', { cause: 'unavailable' });
    expect(triage([degradedNotFailed, unavailable(1), ...passed(10)])[0]).toBe(degradedNotFailed);
  });
});
