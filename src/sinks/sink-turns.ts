import type { AlertPolicy } from '../config/policy';
import type { AlertState, SinkStates } from '../report/alert-files';
import { decideAlert, EMPTY_TARGET_STATE, sameTold, untoldState, type Alert, type TargetAlertState } from '../report/alert-policy';
import { routedTo, type AlertRoutes } from '../targets/targets-file';
import type { Delivery, RunResult, Sink } from './sink';

/**
 * Each alert sink's part of a run's end, apart from the others': what it is told, decided from what
 * reached it before (the targets' state, or its own where a delivery to it failed), and routed as
 * the targets file says. One sink that cannot be reached is told next run what it missed, and no
 * other sink hears anything twice.
 */
export interface SinkTurn {
  sink: Sink;
  /** The run as this sink's own state decides it. */
  decided: RunResult;
  /** What it is sent: the alerts the targets file routes to it (everything, without routes). */
  routed: RunResult;
}

export const previousOf = (states: AlertState, key: string): TargetAlertState => states.targets[key] ?? { ...EMPTY_TARGET_STATE };

/** Each sink's turn: the run (decided from the targets' states) as that sink's own state decides it, routed to it. */
export function sinkTurns(
  sinks: readonly Sink[],
  run: RunResult,
  states: AlertState,
  policy: AlertPolicy,
  routes: ReadonlyMap<string, AlertRoutes>,
): SinkTurn[] {
  return sinks.map((sink) => {
    const own = states.sinks[sink.id] ?? {};
    const decided: RunResult = {
      ...run,
      targets: run.targets.map((target) => {
        const kept = own[target.summary.targetKey];
        return kept ? { ...target, decision: decideAlert(kept, target.summary, policy) } : target;
      }),
    };
    return { sink, decided, routed: routedFor(sink, decided, routes) };
  });
}

/** What a run's end keeps of its sinks' deliveries: each sink's state where it differs, and what reached anyone, per target. */
export function afterDeliveries(
  turns: readonly SinkTurn[],
  deliveries: readonly Delivery[],
  run: RunResult,
  states: AlertState,
): { behind: SinkStates; reached: Alert[][] } {
  /** Whether a sink's alerts of a target reached it: all did, or it says which did not. */
  const reachedBy = (index: number, key: string) => {
    const { delivered, missed } = deliveries[index]!;
    return delivered || (missed !== undefined && !missed.includes(key));
  };
  const reached = run.targets.map(({ summary }, nth) => {
    const alerts = turns.filter((_turn, index) => reachedBy(index, summary.targetKey)).flatMap(({ routed }) => routed.targets[nth]!.decision.alerts);
    return alerts.filter((alert, index) => alerts.findIndex((other) => other.kind === alert.kind && other.incident === alert.incident) === index);
  });
  const behind: SinkStates = Object.fromEntries(
    turns.map(({ sink, decided, routed }, index) => {
      const byTarget = decided.targets.flatMap(({ summary, decision }, nth) => {
        const missed = !reachedBy(index, summary.targetKey) && routed.targets[nth]!.decision.alerts.length > 0;
        const before = states.sinks[sink.id]?.[summary.targetKey] ?? previousOf(states, summary.targetKey);
        const kept = missed ? untoldState(before, decision.next) : decision.next;
        return sameTold(kept, run.targets[nth]!.decision.next) ? [] : [[summary.targetKey, kept] as const];
      });
      return [sink.id, Object.fromEntries(byTarget)];
    }),
  );
  return { behind, reached };
}

/** What a sink hears of a run: the alerts the targets file routes to it (everything, without routes). */
function routedFor(sink: Sink, result: RunResult, routes: ReadonlyMap<string, AlertRoutes>): RunResult {
  return {
    ...result,
    targets: result.targets.map((target) => ({
      ...target,
      decision: {
        ...target.decision,
        alerts: target.decision.alerts.filter((alert) => routedTo(routes.get(target.summary.targetKey), sink.id, alert.incident)),
      },
    })),
  };
}
