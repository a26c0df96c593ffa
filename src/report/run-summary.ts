import type { FullResult } from '@playwright/test/reporter';
import type { CheckOutcome as Judged } from '../outcome/check-outcome';

/** How one check ended in a run: its judged status, and flaky when it passed only on retry (Playwright's word). */
export type CheckOutcome = 'passed' | 'failed' | 'flaky' | 'degraded' | 'skipped';

/** A check of a run as the reporter keeps it: the typed outcome of its last attempt, and how the test ended. */
export type CheckRecord = Judged & { outcome: CheckOutcome };

/**
 * A run's verdict. A completed run is passed, flaky (passed only on retry), degraded (passed,
 * slowly), failed (a broken contract), or one with no verdict on the contract: unavailable,
 * throttled, budget-exceeded, credentials-refused (Pluvo refused our client), not-onboarded. A run
 * that did not complete (no test ran, a load error, the sandbox or target could not start, a
 * timed-out run, a crash) is a monitor error; one that was stopped on purpose is interrupted.
 * Neither says anything about Pluvo, and neither can count as a recovery.
 */
/** Every verdict a run can have, in order of how well it went: the type is read from this list. */
export const RUN_VERDICTS = [
  'passed',
  'flaky',
  'degraded',
  'failed',
  'unavailable',
  'throttled',
  'budget-exceeded',
  'credentials-refused',
  'not-onboarded',
  'monitor-error',
  'interrupted',
] as const;
export type RunVerdict = (typeof RUN_VERDICTS)[number];

/** A run's verdict or a check's outcome that says its contracts held: passed, on a retry, or slowly. */
export function held(verdict: RunVerdict | CheckOutcome): boolean {
  return verdict === 'passed' || verdict === 'flaky' || verdict === 'degraded';
}

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
  /** What went wrong writing this run's reports after its checks had ended (a full disk): said, never its verdict. */
  reportErrors?: string[];
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
  /** Why a check could not finish (a check of ours that threw), the first of them. */
  crashed?: string;
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
  const unavailable = ran.filter((check) => check.outcome === 'failed' && check.cause === 'unavailable');
  if (!unavailable.length || unavailable.length > ran.length * CONFINED_SHARE) return [...checks];
  const note =
    "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered, so it counts as this contract's failure.";
  return checks.map((check) => {
    if (check.outcome !== 'failed' || check.cause !== 'unavailable') return check;
    return { ...check, cause: 'contract', headline: `Contract broken: ${check.title}`, failures: [{ message: note, cause: 'contract' }, ...check.failures] };
  });
}

/** The verdict, as Playwright's own reporters would count the run, with our kinds of trouble. */
export function runVerdict(completion: RunCompletion, checks: readonly CheckRecord[]): { verdict: RunVerdict; monitorError?: string } {
  // A stop someone asked for (Ctrl-C, SIGTERM, a cancelled job): nothing is known, nobody is paged.
  if (completion.status === 'interrupted') return { verdict: 'interrupted', monitorError: 'the run was stopped before it completed' };
  const monitorError = whyIncomplete(completion, checks);
  if (monitorError) return { verdict: 'monitor-error', monitorError };
  const failures = checks.filter((check) => check.outcome === 'failed');
  if (failures.length) {
    const causes = new Set(failures.map((failure) => failure.cause));
    if (causes.has('contract')) return { verdict: 'failed' };
    if (causes.has('config')) return { verdict: 'not-onboarded' };
    if (causes.has('credentials')) return { verdict: 'credentials-refused' };
    if ([...causes].every((cause) => cause === 'budget')) return { verdict: 'budget-exceeded' };
    return { verdict: [...causes].every((cause) => cause === 'throttled') ? 'throttled' : 'unavailable' };
  }
  if (checks.some((check) => check.outcome === 'degraded')) return { verdict: 'degraded' };
  if (checks.some((check) => check.outcome === 'flaky')) return { verdict: 'flaky' };
  return { verdict: 'passed' };
}

function whyIncomplete(completion: RunCompletion, checks: readonly CheckRecord[]): string | undefined {
  if (completion.fatalErrors.length) return `an error outside any check: ${completion.fatalErrors[0]}`;
  if (completion.status === 'timedout') return 'the run ran out of its global time limit before it completed';
  if (completion.crashed) return `a check could not finish: ${completion.crashed}`;
  if (completion.incomplete) return `${completion.incomplete} check(s) were interrupted or did not run`;
  if (!checks.some((check) => check.outcome !== 'skipped')) return 'no check ran';
  return undefined;
}
