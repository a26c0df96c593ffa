import { test, expect } from '../contract/base-test';
import type { IncidentKind } from '../../src/outcome/verdict';
import type { Alert } from '../../src/report/alert-policy';
import { SHARED_INCIDENT_AT } from '../../src/outcome/verdict';
import { planShared, type SharedIncident, type TargetAlert } from '../../src/sinks/shared-incidents';
import type { RunResult, TargetResult } from '../../src/sinks/sink';

/**
 * Which alerts of a run PagerDuty and GitHub issues tell as one shared incident, and which stay one
 * incident an organisation: decided from the alerts alone, with no request.
 */
const AT = '2026-12-01T10:00:00.000Z';
const SINCE = '2026-12-01T08:00:00.000Z';

/** A target of the run: its alerts, and the kinds of trouble still open once this run is told. */
function target(name: string, alerts: Alert[], open: IncidentKind[] = []): TargetResult {
  const incidents = Object.fromEntries(open.map((kind) => [kind, { since: SINCE, runs: 2, what: kind }]));
  return {
    summary: { at: AT, target: `${name} (https://${name}.pluvo.com)`, targetKey: name, verdict: 'unavailable', checks: [], notices: [] },
    decision: { alerts, next: { incidents, flakyRuns: 0 } },
    context: {},
  };
}
const outage = (kind: Alert['kind']): Alert => ({ kind, incident: 'outage', verdict: 'unavailable', since: SINCE, runs: 2 });
const down = (name: string) => target(name, [outage('failure')], ['outage']);
const run = (targets: TargetResult[]): RunResult => ({ startedAt: AT, at: AT, targets });
const work = (result: RunResult): TargetAlert[] => result.targets.flatMap((each) => each.decision.alerts.map((alert) => ({ alert, target: each })));
const keys = (told: readonly TargetAlert[]) => told.map(({ target }) => target.summary.targetKey);

test(`${SHARED_INCIDENT_AT - 1} organisations down in one run stay an incident each`, () => {
  const result = run(['a', 'b'].map(down));
  const { own, turns } = planShared(work(result), [], result);
  expect([keys(own), turns]).toEqual([['a', 'b'], []]);
});

test(`${SHARED_INCIDENT_AT} organisations down in one run are one incident, the same one for the same organisations; other trouble stays their own`, () => {
  const result = run([...['a', 'b', 'c'].map(down), target('d', [{ kind: 'failure', incident: 'contract', verdict: 'failed' }], ['contract'])]);
  const { own, turns } = planShared(work(result), [], result);
  expect(keys(own)).toEqual(['d']);
  expect(turns).toHaveLength(1);
  const [turn] = turns;
  expect({ ...turn, joining: keys(turn!.joining) }).toEqual({
    id: expect.stringMatching(/^outage:[0-9a-f]{12}$/),
    incident: 'outage',
    opened: true,
    joining: ['a', 'b', 'c'],
    leaving: [],
    news: [],
    quietlyGone: [],
    after: ['a', 'b', 'c'],
  });
  expect(planShared(work(result), [], result).turns[0]!.id).toBe(turn!.id);
});

test('an open shared incident: one more down joins it, a recovery leaves it, a reminder is its news, and a member whose trouble was forgotten leaves quietly', () => {
  const open: SharedIncident[] = [{ id: 'outage:000000000000', members: ['a', 'b', 'c', 'elsewhere'] }];
  const result = run([
    target('a', [outage('recovery')]),
    target('b', [outage('reminder')], ['outage']),
    // Its state was reset: no trouble open, and no recovery to tell.
    target('c', []),
    down('d'),
  ]);
  const { own, turns } = planShared(work(result), open, result);
  expect(own).toEqual([]);
  const [turn] = turns;
  expect({ ...turn, joining: keys(turn!.joining), leaving: keys(turn!.leaving), news: keys(turn!.news) }).toEqual({
    id: 'outage:000000000000',
    incident: 'outage',
    opened: false,
    joining: ['d'],
    leaving: ['a'],
    news: ['b'],
    quietlyGone: ['c'],
    // A member this run did not check (narrowed, or another job's) stays.
    after: ['b', 'elsewhere', 'd'],
  });
});

test("another job's shared incident is not this run's: its organisations open their own, and the last member's recovery ends ours", () => {
  const theirs: SharedIncident = { id: 'outage:111111111111', members: ['x', 'y', 'z'] };
  const result = run(['a', 'b'].map(down));
  expect(planShared(work(result), [theirs], result)).toEqual({ own: work(result), turns: [] });
  const ours: SharedIncident = { id: 'outage:222222222222', members: ['a'] };
  const over = run([target('a', [outage('recovery')])]);
  const [turn] = planShared(work(over), [theirs, ours], over).turns;
  expect([turn!.id, keys(turn!.leaving), turn!.after]).toEqual(['outage:222222222222', ['a'], []]);
});

test("two jobs' shared incidents of one kind met in one run: each is told about its own members, and who opens the trouble now joins the first", () => {
  const open: SharedIncident[] = [
    { id: 'outage:aaaaaaaaaaaa', members: ['a', 'b'] },
    { id: 'outage:bbbbbbbbbbbb', members: ['x'] },
  ];
  const result = run([down('a'), target('b', [outage('reminder')], ['outage']), target('x', [outage('recovery')]), down('n')]);
  // a's failure is told again (its sink missed it): news of the first, not a second opening.
  const { own, turns } = planShared(work(result), open, result);
  expect(own).toEqual([]);
  expect(turns.map((turn) => [turn.id, keys(turn.joining), keys(turn.leaving), keys(turn.news), turn.after])).toEqual([
    ['outage:aaaaaaaaaaaa', ['n'], [], ['a', 'b'], ['a', 'b', 'n']],
    ['outage:bbbbbbbbbbbb', [], ['x'], [], []],
  ]);
});
