import { test, expect } from '../contract/base-test';
import { DEFAULT_POLICY } from '../../src/config/policy';
import { decideAlert, EMPTY_TARGET_STATE } from '../../src/report/alert-policy';
import type { CheckRecord, RunSummary } from '../../src/report/run-summary';
import type { Delivery, RunResult, Sink } from '../../src/sinks/sink';
import type { AlertState } from '../../src/report/alert-files';
import { afterDeliveries, sinkTurns } from '../../src/sinks/sink-turns';
import type { AlertRoutes } from '../../src/targets/targets-file';
import { record } from '../support/records';

/**
 * Each alert sink's turn at a run's end, on its own: what it is told from what reached it before,
 * what it keeps when a delivery misses some organisations, and what reached anyone.
 */
const AT = '2026-12-01T10:00:00.000Z';
const sink = (id: string): Sink => ({ id, name: id, role: 'alert', send: async () => ({ delivered: true, line: '' }) });
const broken = record({ checkId: 'auth.a', outcome: 'failed', failures: [{ message: 'got HTTP 200', cause: 'contract' }] });

function run(names: string[], checks: CheckRecord[], states: AlertState): RunResult {
  const targets = names.map((name) => {
    const summary: RunSummary = { at: AT, target: name, targetKey: name, verdict: 'failed', checks, notices: [] };
    return { summary, decision: decideAlert(states.targets[name] ?? EMPTY_TARGET_STATE, summary, DEFAULT_POLICY), context: {} };
  });
  return { startedAt: AT, at: AT, targets };
}

test('a sink that missed one organisation keeps only that one behind, untold; the other sink and organisation follow the targets', () => {
  const before: AlertState = { targets: {}, sinks: {} };
  const result = run(['acme', 'globex'], [broken], before);
  const turns = sinkTurns([sink('slack'), sink('pagerduty')], result, before, DEFAULT_POLICY, new Map());
  expect(turns.map(({ routed }) => routed.targets.map((target) => target.decision.alerts.map((alert) => alert.kind)))).toEqual([
    [['failure'], ['failure']],
    [['failure'], ['failure']],
  ]);
  const deliveries: Delivery[] = [
    { delivered: true, line: '' },
    { delivered: false, line: '', missed: ['globex'] },
  ];
  const { behind, reached } = afterDeliveries(turns, deliveries, result, before);
  // PagerDuty is behind for globex alone: the incident as it stands, but not told.
  expect(Object.keys(behind.slack!)).toEqual([]);
  expect(Object.keys(behind.pagerduty!)).toEqual(['globex']);
  expect(behind.pagerduty!.globex!.incidents.contract).toMatchObject({ since: AT, runs: 1 });
  expect(behind.pagerduty!.globex!.incidents.contract!.told).toBeUndefined();
  // Slack reached both; each organisation's failure is recorded once.
  expect(reached.map((alerts) => alerts.map((alert) => alert.kind))).toEqual([['failure'], ['failure']]);

  // The next run: PagerDuty, from its own state, is told globex's incident again; Slack and acme nothing.
  const after: AlertState = { targets: Object.fromEntries(result.targets.map((t) => [t.summary.targetKey, t.decision.next])), sinks: behind };
  const next = run(['acme', 'globex'], [broken], after);
  const told = sinkTurns([sink('slack'), sink('pagerduty')], next, after, DEFAULT_POLICY, new Map()).map(({ routed }) =>
    routed.targets.flatMap((target) => target.decision.alerts.map((alert) => `${target.summary.targetKey} ${alert.kind} runs ${alert.runs}`)),
  );
  expect(told).toEqual([[], ['globex failure runs 2']]);
});

test('a sink not reached for an organisation it was routed nothing of does not fall behind for it', () => {
  const before: AlertState = { targets: {}, sinks: {} };
  const result = run(['acme'], [broken], before);
  const routes = new Map<string, AlertRoutes>([['acme', { contract: ['slack'] }]]);
  const turns = sinkTurns([sink('slack'), sink('pagerduty')], result, before, DEFAULT_POLICY, routes);
  expect(turns[1]!.routed.targets[0]!.decision.alerts).toEqual([]);
  const { behind } = afterDeliveries(
    turns,
    [
      { delivered: true, line: '' },
      { delivered: false, line: '' },
    ],
    result,
    before,
  );
  expect(behind).toEqual({ slack: {}, pagerduty: {} });
});
