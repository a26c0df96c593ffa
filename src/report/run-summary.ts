import type { FullResult } from '@playwright/test/reporter';
import type { Trouble } from '../checks/check';

/** How one check ended in a run, as Playwright and our annotations say. */
export type CheckOutcome = 'passed' | 'failed' | 'flaky' | 'degraded' | 'skipped';

export interface CheckRecord {
  checkId: string;
  title: string;
  area: string;
  outcome: CheckOutcome;
  /** Why a failed check is not the contract's fault, when it is not. */
  trouble?: Trouble;
  /** The first lines of the failure or of the slowness, already redacted. */
  message?: string;
  /** The check's request timings. */
  p50Ms?: number;
  p95Ms?: number;
}

/**
 * A run's verdict. A completed run is passed, flaky (passed only on retry), degraded (passed,
 * slowly), failed (a broken contract), unavailable, throttled or budget-exceeded (no verdict on
 * the contract). A run that did not complete (no test ran, a load error, the sandbox or target
 * could not start, an interrupted or timed-out run, a crash) is a monitor error: it says nothing
 * about Pluvo and can never count as a recovery.
 */
export type RunVerdict = 'passed' | 'flaky' | 'degraded' | 'failed' | 'unavailable' | 'throttled' | 'budget-exceeded' | 'not-onboarded' | 'monitor-error';

export interface RunSummary {
  at: string;
  /** The target as people read it. */
  target: string;
  /** The target as state and history are kept by. */
  targetKey: string;
  verdict: RunVerdict;
  /** Why the monitor itself failed (monitor-error only). */
  monitorError?: string;
  checks: CheckRecord[];
  /** Worth telling even when the run passes: deprecated fields we use. */
  notices: string[];
}

export const failuresOf = (summary: Pick<RunSummary, 'checks'>) => summary.checks.filter((check) => check.outcome === 'failed');

export function countsOf(summary: Pick<RunSummary, 'checks'>): Record<CheckOutcome, number> {
  const counts: Record<CheckOutcome, number> = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0 };
  for (const check of summary.checks) counts[check.outcome] += 1;
  return counts;
}

/** Playwright's own account of the run, beside the checks it ran. */
export interface RunCompletion {
  status: FullResult['status'];
  /** Errors outside any test: a spec that failed to load, a global setup that threw. */
  fatalErrors: string[];
  /** Tests that were interrupted or did not run. */
  incomplete: number;
}

/** A 5xx or no answer counts as "unavailable" only when the API fails widely, not on one contract's requests. */
const CONFINED_SHARE = 0.25;

/**
 * Failures that read as "unavailable" are a contract's own when they are confined to a few checks
 * while the rest of the run's checks got their answers: a deterministic 500 on exactly one
 * contract's requests is that contract's failure; an API that fails everywhere is unavailable.
 */
export function triage(checks: readonly CheckRecord[]): CheckRecord[] {
  const ran = checks.filter((check) => check.outcome !== 'skipped');
  const unavailable = ran.filter((check) => check.outcome === 'failed' && check.trouble === 'unavailable');
  if (!unavailable.length || unavailable.length > ran.length * CONFINED_SHARE) return [...checks];
  return checks.map((check) => {
    if (check.outcome !== 'failed' || check.trouble !== 'unavailable') return check;
    const { trouble: _unavailable, ...contractFailure } = check;
    return {
      ...contractFailure,
      message: `Only this contract's requests failed (5xx or no answer) while the rest of the API answered, so it counts as this contract's failure.\n${check.message ?? ''}`,
    };
  });
}

/** The verdict, as Playwright's own reporters would count the run, with our kinds of trouble. */
export function runVerdict(completion: RunCompletion, checks: readonly CheckRecord[]): { verdict: RunVerdict; monitorError?: string } {
  const monitorError = whyIncomplete(completion, checks);
  if (monitorError) return { verdict: 'monitor-error', monitorError };
  const failures = checks.filter((check) => check.outcome === 'failed');
  if (failures.length) {
    if (failures.some((failure) => !failure.trouble)) return { verdict: 'failed' };
    if (failures.every((failure) => failure.trouble === 'budget')) return { verdict: 'budget-exceeded' };
    if (failures.every((failure) => failure.trouble === 'not-onboarded')) return { verdict: 'not-onboarded' };
    return { verdict: failures.every((failure) => failure.trouble === 'throttled') ? 'throttled' : 'unavailable' };
  }
  if (checks.some((check) => check.outcome === 'degraded')) return { verdict: 'degraded' };
  if (checks.some((check) => check.outcome === 'flaky')) return { verdict: 'flaky' };
  return { verdict: 'passed' };
}

function whyIncomplete(completion: RunCompletion, checks: readonly CheckRecord[]): string | undefined {
  if (completion.fatalErrors.length) return `an error outside any check: ${completion.fatalErrors[0]}`;
  if (completion.status === 'interrupted') return 'the run was interrupted before it completed';
  if (completion.status === 'timedout') return 'the run ran out of its global time limit before it completed';
  if (completion.incomplete) return `${completion.incomplete} check(s) were interrupted or did not run`;
  if (!checks.some((check) => check.outcome !== 'skipped')) return 'no check ran';
  return undefined;
}
