import { test, expect } from '../contract/base-test';
import { DEFAULT_POLICY } from '../../src/config/policy';
import type { Cause } from '../../src/pluvo/cause';
import { causeOfFailures } from '../../src/outcome/verdict';
import { countLine, decideAlert, EMPTY_TARGET_STATE, type OpenIncident, type TargetAlertState } from '../../src/report/alert-policy';
import { record } from '../support/records';
import { notRepeatedLine } from '../../src/report/advice';
import { runVerdict, type CheckRecord, type RunSummary, type RunVerdict } from '../../src/report/run-summary';

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
const told = (fingerprint: string, lastAt = AT, reminders = 0) => ({ fingerprint, at: AT, lastAt, reminders });
const open = (extra: Partial<OpenIncident> = {}): OpenIncident => ({ since: AT, runs: 1, what: 'w', ...extra });
const state = (incidents: TargetAlertState['incidents'], extra: Partial<TargetAlertState> = {}): TargetAlertState => ({ incidents, flakyRuns: 0, ...extra });

test.describe('fingerprints: what makes a change', () => {
  test('a broken contract is told with its failing checks, sorted; passing checks are not in it', () => {
    const decision = decideAlert(EMPTY_TARGET_STATE, run('failed', [check('shape.b', 'failed'), check('auth.a', 'failed'), check('paging.c', 'passed')]));
    expect(decision).toEqual({
      alerts: [{ kind: 'failure', incident: 'contract', verdict: 'failed', since: AT, runs: 1 }],
      next: state({ contract: { since: AT, runs: 1, what: '2 contracts broken: shape.b; auth.a', told: told('contract:auth.a,shape.b') } }),
    });
  });

  test('other trouble is one thing however many checks it hits: slowness moving between checks is no change', () => {
    const previous = state({ slowness: open({ runs: 2, told: told('slowness') }) });
    const decision = decideAlert(previous, run('degraded', [check('paging.x', 'degraded'), check('auth.z', 'degraded')]));
    expect(decision.alerts).toEqual([]);
    expect(decision.next.incidents.slowness?.told?.fingerprint).toBe('slowness');
  });

  test('the same broken contracts again are quiet; other ones are a change', () => {
    const previous = state({ contract: open({ told: told('contract:auth.a') }) });
    expect(decideAlert(previous, run('failed', [check('auth.a', 'failed')])).alerts).toEqual([]);
    expect(decideAlert(previous, run('failed', [check('auth.a', 'failed'), check('auth.b', 'failed')])).alerts.map((a) => a.kind)).toEqual(['change']);
  });

  test('a monitor error is told once, whatever its reason, and stands the flaky streak still', () => {
    const decision = decideAlert(state({}, { flakyRuns: 1 }), run('monitor-error', [], { monitorError: 'no check ran' }));
    expect(decision).toEqual({
      alerts: [{ kind: 'failure', incident: 'monitor', verdict: 'monitor-error', since: AT, runs: 1 }],
      next: state({ monitor: { since: AT, runs: 1, what: 'the monitor itself failed: no check ran', told: told('monitor') } }, { flakyRuns: 1 }),
    });
    expect(decideAlert(decision.next, run('monitor-error', [], { monitorError: 'other' }), DEFAULT_POLICY, new Date('2026-12-01T11:00:00Z')).alerts).toEqual(
      [],
    );
  });

  test('flaky runs are told by their flaky checks', () => {
    const decision = decideAlert(state({}, { flakyRuns: 2 }), run('flaky', [check('shape.b', 'flaky'), check('auth.a', 'flaky'), check('x.c', 'passed')]));
    expect(decision).toEqual({
      alerts: [{ kind: 'flaky', verdict: 'flaky', runs: 3 }],
      next: state({}, { flakyRuns: 3, flakyTold: { ...told('flaky:auth.a,shape.b'), what: '2 checks passed only on retry: shape.b; auth.a' } }),
    });
  });

  test('a stop changes nothing and tells nothing', () => {
    const previous = state({ outage: open({ told: told('outage') }) }, { flakyRuns: 2 });
    expect(decideAlert(previous, run('interrupted', []))).toEqual({ alerts: [], next: previous });
  });
});

test.describe('thresholds at their edges', () => {
  test('the most urgent failure decides how many runs: a contract break at once, beside an unavailable one', () => {
    const mixed = run('failed', [check('paging.x', 'failed', { cause: 'unavailable' }), check('auth.a', 'failed')]);
    expect(decideAlert(EMPTY_TARGET_STATE, mixed).alerts.map((a) => a.kind)).toEqual(['failure']);
    const unavailable = run('unavailable', [check('paging.x', 'failed', { cause: 'unavailable' })]);
    expect(decideAlert(EMPTY_TARGET_STATE, unavailable).alerts).toEqual([]);
    expect(decideAlert(state({ outage: open() }), unavailable).alerts.map((a) => a.incident)).toEqual(['outage']);
    // An area the policy does not name needs one run; a threshold of 0 still needs one.
    expect(decideAlert(EMPTY_TARGET_STATE, run('failed', [check('other.x', 'failed')])).alerts).toHaveLength(1);
    const zero = { ...DEFAULT_POLICY, afterRuns: { ...DEFAULT_POLICY.afterRuns, unavailable: 0 } };
    expect(decideAlert(EMPTY_TARGET_STATE, unavailable, zero).alerts).toHaveLength(1);
  });

  test('by time: due once the trouble has lasted exactly that long', () => {
    const policy = { ...DEFAULT_POLICY, afterMinutes: 30 };
    const since = state({ contract: open({ since: '2026-12-01T09:30:00.000Z' }) });
    const broken = run('failed', [check('auth.a', 'failed')]);
    const early = decideAlert(since, broken, policy, new Date('2026-12-01T09:59:59.999Z'));
    expect(early.alerts).toEqual([]);
    expect(early.heldBack).toBe('contract broken for 29 of 30 min before it is told (PLUVO_ALERT_AFTER_MINUTES)');
    expect(decideAlert(since, broken, policy, new Date('2026-12-01T10:00:00.000Z')).alerts).toHaveLength(1);
  });

  test('reminders: every so many hours, at most so many times, counted', () => {
    const previous = state({ contract: open({ runs: 5, told: told('contract:auth.a', AT, 2) }) });
    const broken = run('failed', [check('auth.a', 'failed')]);
    const later = new Date('2026-12-02T10:00:00.000Z');
    const quiet = decideAlert(previous, broken, DEFAULT_POLICY, new Date('2026-12-02T09:59:00.000Z'));
    expect(quiet.alerts).toEqual([]);
    // Not told again, and the console says why and until when.
    expect(quiet.notRepeated).toEqual({ name: 'contract broken', since: AT, runs: 6, toldAt: AT, reminders: 2, nextReminderAt: '2026-12-02T10:00:00.000Z' });
    expect(notRepeatedLine(quiet.notRepeated!, '2026-12-02T09:59:00.000Z')).toBe(
      'contract broken since 2026-12-01 10:00 UTC, for 23 h 59 min, 6 runs, told at 2026-12-01 10:00 UTC; a reminder at 2026-12-02 10:00 UTC unless it ends first (PLUVO_REMIND_EVERY_HOURS)',
    );
    expect(decideAlert(previous, broken, DEFAULT_POLICY, later)).toEqual({
      alerts: [{ kind: 'reminder', incident: 'contract', verdict: 'failed', since: AT, runs: 6 }],
      next: state({ contract: { since: AT, runs: 6, what: '1 contract broken: auth.a', told: told('contract:auth.a', later.toISOString(), 3) } }),
    });
    const spent = state({ contract: open({ told: told('contract:auth.a', AT, 3) }) });
    const spentDecision = decideAlert(spent, broken, DEFAULT_POLICY, later);
    expect(spentDecision.alerts).toEqual([]);
    expect(notRepeatedLine(spentDecision.notRepeated!, later.toISOString())).toBe(
      'contract broken since 2026-12-01 10:00 UTC, for 24 h, 2 runs, told at 2026-12-01 10:00 UTC; reminded 3 times, the most (PLUVO_REMIND_MAX): its end is told',
    );
    // A first alert, a change or a reminder is told: nothing to say instead.
    expect(decideAlert(previous, broken, DEFAULT_POLICY, later).notRepeated).toBeUndefined();
  });

  test('a recovery ends the incident and says what it was; a blip never told ends quietly; a pass after a told flaky streak clears it quietly', () => {
    expect(decideAlert(state({ outage: open({ runs: 3, what: 'Pluvo did not answer', told: told('outage') }) }), run('passed', []))).toEqual({
      alerts: [{ kind: 'recovery', incident: 'outage', verdict: 'unavailable', since: AT, runs: 3, what: 'Pluvo did not answer' }],
      next: state({}),
    });
    expect(decideAlert(state({ outage: open() }), run('passed', []))).toEqual({ alerts: [], next: state({}) });
    const flakyTold = { ...told('f'), what: 'w' };
    expect(decideAlert(state({}, { flakyRuns: 4, flakyTold }), run('passed', []))).toEqual({ alerts: [], next: state({}) });
    expect(decideAlert(state({}, { flakyRuns: 4, flakyTold }), run('flaky', [check('a.b', 'flaky')]))).toEqual({
      alerts: [],
      next: state({}, { flakyRuns: 5, flakyTold }),
    });
  });

  test('a run ends only what it can see: an outage says nothing of the contract; refused credentials show Pluvo answers', () => {
    const both = state({ contract: open({ told: told('contract:a') }), outage: open({ told: told('outage') }) });
    const down = decideAlert(both, run('unavailable', [check('a.x', 'failed', { cause: 'unavailable' })]));
    expect(Object.keys(down.next.incidents).sort()).toEqual(['contract', 'outage']);
    const refused = decideAlert(both, run('credentials-refused', [check('a.x', 'failed', { cause: 'credentials' })]));
    expect(refused.alerts.map((a) => `${a.kind}:${a.incident}`)).toEqual(['failure:credentials', 'recovery:outage']);
    expect(Object.keys(refused.next.incidents).sort()).toEqual(['contract', 'credentials']);
  });

  test('a run that got as far as throttling or our own budget shows our client was let in again: the refusal is over', () => {
    const refusedBefore = state({ credentials: open({ runs: 2, what: 'Pluvo refused our API client', told: told('credentials') }) });
    const throttled = decideAlert(refusedBefore, run('throttled', [check('a.x', 'failed', { cause: 'throttled' })]));
    expect(throttled.alerts.map((a) => `${a.kind}:${a.incident}`)).toEqual(['recovery:credentials']);
    expect(Object.keys(throttled.next.incidents)).toEqual(['throttling']);
    const overBudget = decideAlert(refusedBefore, run('budget-exceeded', [check('a.x', 'failed', { cause: 'budget' })]));
    // Our own budget is told at once (PLUVO_ALERT_AFTER_RUNS_BUDGET is 1); throttling waits for its second run.
    expect(overBudget.alerts.map((a) => `${a.kind}:${a.incident}`)).toEqual(['failure:budget', 'recovery:credentials']);
    // Whether Pluvo answered, a time limit that ran out does not say: an outage stays open.
    const downBefore = state({ outage: open({ told: told('outage') }) });
    expect(Object.keys(decideAlert(downBefore, run('budget-exceeded', [check('a.x', 'failed', { cause: 'budget' })])).next.incidents).sort()).toEqual([
      'budget',
      'outage',
    ]);
  });

  test('notices: told when their set changes, whatever the order; with trouble, they ride in its message', () => {
    const first = decideAlert(EMPTY_TARGET_STATE, run('passed', [], { notices: ['b', 'a'] }));
    expect(first).toEqual({ alerts: [{ kind: 'notice', verdict: 'passed' }], next: state({}, { noticed: 'a\nb' }) });
    expect(decideAlert(first.next, run('passed', [], { notices: ['a', 'b'] })).alerts).toEqual([]);
    expect(decideAlert(first.next, run('passed', [], { notices: ['a'] })).alerts.map((a) => a.kind)).toEqual(['notice']);
    const broken = decideAlert(EMPTY_TARGET_STATE, run('failed', [check('auth.a', 'failed')], { notices: ['a'] }));
    expect(broken.alerts.map((a) => a.kind)).toEqual(['failure']);
    expect(broken.next.noticed).toBe('a');
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

test.describe('verdicts, at their edges', () => {
  const completed = { status: 'passed' as const, fatalErrors: [], incomplete: 0 };

  test('failures of several kinds: the first in the one precedence order, the same for a check and a run', () => {
    const failing = (...causes: Cause[]) => causes.map((cause, i) => check(`a.${i}`, 'failed', { cause }));
    expect(runVerdict(completed, failing('budget', 'budget')).verdict).toBe('budget-exceeded');
    // An outage uses up our budget with its timeouts: the outage is the news, for a check and for a run alike.
    expect(runVerdict(completed, failing('budget', 'unavailable')).verdict).toBe('unavailable');
    expect(causeOfFailures([{ cause: 'budget' }, { cause: 'unavailable' }])).toBe('unavailable');
    expect(runVerdict(completed, failing('budget', 'throttled')).verdict).toBe('throttled');
    // A check kept from running says what kept it: never "failed".
    expect(runVerdict(completed, [check('n.0', 'not-run', { cause: 'credentials' })]).verdict).toBe('credentials-refused');
    expect(runVerdict(completed, failing('config')).verdict).toBe('not-onboarded');
    // Our own setup, then our refused client, say more than Pluvo's trouble beside them.
    expect(runVerdict(completed, failing('config', 'budget')).verdict).toBe('not-onboarded');
    expect(runVerdict(completed, failing('credentials', 'unavailable')).verdict).toBe('credentials-refused');
    expect(runVerdict(completed, failing('throttled', 'throttled')).verdict).toBe('throttled');
    expect(runVerdict(completed, failing('throttled', 'unavailable')).verdict).toBe('unavailable');
    expect(runVerdict(completed, failing('throttled', 'contract')).verdict).toBe('failed');
  });
});
