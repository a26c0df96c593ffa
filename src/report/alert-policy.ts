import { DEFAULT_POLICY, type AlertPolicy } from '../config/policy';
import type { Cause } from '../pluvo/cause';
import { troubleLine } from './failure-groups';
import { countsOf, failuresOf, type RunSummary, type RunVerdict } from './run-summary';

/** What alerting remembers about one target between runs (reports/state.json). */
export interface TargetAlertState {
  /** The current streak of bad runs (failed, unavailable, throttled, over budget, degraded). */
  badRuns: number;
  badSince?: string;
  /** The current streak of runs that passed only on retry. */
  flakyRuns: number;
  /** What the channel was last told and not yet cleared. */
  told?: {
    kind: 'incident' | 'monitor-error' | 'flaky';
    fingerprint: string;
    at: string;
    lastAt: string;
    reminders: number;
    /** What was told, in one line, for the recovery to say what recovered. */
    what?: string;
  };
  /** The notices already told about. */
  noticed?: string;
}

export const EMPTY_TARGET_STATE: TargetAlertState = { badRuns: 0, flakyRuns: 0 };

export type AlertKind = 'failure' | 'change' | 'reminder' | 'recovery' | 'notice' | 'monitor-error' | 'flaky';

export interface AlertDecision {
  kind: AlertKind | undefined;
  /** The state to keep once the alert (if any) has been delivered. */
  next: TargetAlertState;
}

const BAD: ReadonlySet<RunVerdict> = new Set(['failed', 'unavailable', 'throttled', 'budget-exceeded', 'credentials-refused', 'not-onboarded', 'degraded']);

/** The verdict and what is wrong: a different set of failing (or slow) checks is a change worth telling. */
function fingerprint(summary: RunSummary): string {
  const which = summary.verdict === 'degraded' ? summary.checks.filter((c) => c.outcome === 'degraded') : failuresOf(summary);
  return `${summary.verdict}:${which
    .map((c) => c.checkId)
    .sort()
    .join(',')}`;
}

/** The alert policy's key for each kind of trouble (PLUVO_ALERT_AFTER_RUNS_<KEY>). */
const TROUBLE_POLICY_KEY: Record<Exclude<Cause, 'contract'>, string> = {
  unavailable: 'unavailable',
  throttled: 'throttled',
  budget: 'budget',
  credentials: 'credentials',
  config: 'not-onboarded',
};

/** Runs in a row before this run's trouble is told: the most urgent of what is wrong decides. */
function runsBeforeAlert(summary: RunSummary, policy: AlertPolicy): number {
  const keys =
    summary.verdict === 'degraded'
      ? ['degraded']
      : failuresOf(summary).map((check) => (check.cause && check.cause !== 'contract' ? TROUBLE_POLICY_KEY[check.cause] : check.area));
  const thresholds = keys.map((key) => policy.afterRuns[key] ?? 1);
  return Math.max(1, Math.min(...thresholds));
}

const minutesSince = (iso: string, now: Date) => (now.getTime() - Date.parse(iso)) / 60_000;

export function decideAlert(
  previous: TargetAlertState,
  summary: RunSummary,
  policy: AlertPolicy = DEFAULT_POLICY,
  now: Date = new Date(summary.at),
): AlertDecision {
  const at = now.toISOString();
  const notices = [...summary.notices].sort().join('\n');
  const noticesAreNew = notices !== '' && notices !== previous.noticed;
  const next: TargetAlertState = { ...previous, ...(notices ? { noticed: notices } : {}) };
  const quiet = (state: TargetAlertState): AlertDecision => ({ kind: noticesAreNew ? 'notice' : undefined, next: state });

  // A stop someone asked for says nothing about Pluvo or the monitor: nobody is paged, nothing moves.
  if (summary.verdict === 'interrupted') return { kind: undefined, next: previous };

  if (summary.verdict === 'monitor-error') {
    // Nothing is known about Pluvo: the streaks stand still. Told once, reminded like an incident.
    const fp = `monitor-error:${summary.monitorError ?? ''}`;
    if (previous.told?.kind === 'monitor-error') return remindOrQuiet(next, previous.told, policy, now, quiet);
    return {
      kind: 'monitor-error',
      next: { ...next, told: { kind: 'monitor-error', fingerprint: fp, at, lastAt: at, reminders: 0, what: troubleLine(summary) } },
    };
  }

  if (BAD.has(summary.verdict)) {
    const bad: TargetAlertState = { ...next, badRuns: previous.badRuns + 1, badSince: previous.badSince ?? at, flakyRuns: 0 };
    const due = policy.afterMinutes > 0 ? minutesSince(bad.badSince!, now) >= policy.afterMinutes : bad.badRuns >= runsBeforeAlert(summary, policy);
    if (!due) return quiet(bad);
    const fp = fingerprint(summary);
    const told = previous.told;
    if (told?.kind === 'incident' && told.fingerprint === fp) return remindOrQuiet(bad, told, policy, now, quiet);
    const kind: AlertKind = told?.kind === 'incident' ? 'change' : 'failure';
    return {
      kind,
      next: { ...bad, told: { kind: 'incident', fingerprint: fp, at, lastAt: at, reminders: 0, what: `${summary.verdict}: ${troubleLine(summary)}` } },
    };
  }

  // A completed run in which every contract held (passed, or flaky).
  const good: TargetAlertState = { ...next, badRuns: 0, flakyRuns: summary.verdict === 'flaky' ? previous.flakyRuns + 1 : 0 };
  delete good.badSince;
  if (previous.told && previous.told.kind !== 'flaky') {
    delete good.told;
    return { kind: 'recovery', next: good };
  }
  if (summary.verdict === 'flaky' && good.flakyRuns >= policy.flakyAfterRuns && previous.told?.kind !== 'flaky') {
    return {
      kind: 'flaky',
      next: {
        ...good,
        told: {
          kind: 'flaky',
          fingerprint: `flaky:${summary.checks
            .filter((c) => c.outcome === 'flaky')
            .map((c) => c.checkId)
            .sort()
            .join(',')}`,
          at,
          lastAt: at,
          reminders: 0,
          what: troubleLine(summary),
        },
      },
    };
  }
  if (summary.verdict !== 'flaky' && previous.told?.kind === 'flaky') delete good.told;
  return quiet(good);
}

function remindOrQuiet(
  state: TargetAlertState,
  told: NonNullable<TargetAlertState['told']>,
  policy: AlertPolicy,
  now: Date,
  quiet: (state: TargetAlertState) => AlertDecision,
): AlertDecision {
  const due = told.reminders < policy.remindMax && minutesSince(told.lastAt, now) >= policy.remindEveryHours * 60;
  if (!due) return quiet(state);
  return { kind: 'reminder', next: { ...state, told: { ...told, lastAt: now.toISOString(), reminders: told.reminders + 1 } } };
}

/** A short count line for messages and the console; checks the preflight kept from running are counted as not run. */
export function countLine(summary: Pick<RunSummary, 'checks'>): string {
  const c = countsOf(summary);
  const notRun = summary.checks.filter((check) => check.notRun).length;
  return [
    `${c.failed - notRun} failed`,
    ...(notRun ? [`${notRun} not run`] : []),
    `${c.passed} passed`,
    ...(c.degraded ? [`${c.degraded} degraded`] : []),
    ...(c.flaky ? [`${c.flaky} flaky`] : []),
    `${c.skipped} skipped`,
  ].join(', ');
}
