import type { FullResult } from '@playwright/test/reporter';
import type { CheckOutcome as Judged } from '../outcome/check-outcome';
import { answeredMost, meaningOfRun, VERDICT_OF_CAUSE, VERDICTS, worstOf, type CheckVerdict, type RunVerdict, type VerdictMeaning } from '../outcome/verdict';
import { counted } from '../text/counted';

export type { RunVerdict } from '../outcome/verdict';

/**
 * How one check ended in a run: its judged status, flaky when it passed only on retry (Playwright's
 * word), and not run when the preflight's finding kept it from running (never "failed").
 */
export type CheckOutcome = 'passed' | 'failed' | 'flaky' | 'degraded' | 'skipped' | 'not-run';

/** A check of a run as the reporter keeps it: the typed outcome of its last attempt, and how the test ended. */
export type CheckRecord = Judged & { outcome: CheckOutcome };

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

/** Whether Pluvo answered most of the run's checks (src/outcome/verdict.ts: a run's partial form). */
export const answeredInPart = (summary: Pick<RunSummary, 'checks'>): boolean => answeredMost(summary.checks.map(checkVerdict));

/** What the run was, as every output says it: its verdict's meaning, in its partial form when Pluvo answered most checks. */
export const meaningOfSummary = (summary: Pick<RunSummary, 'verdict' | 'checks'>): VerdictMeaning =>
  meaningOfRun(summary.verdict, () => answeredInPart(summary));

/** A check's verdict, as every output shows it: a failure is named by its cause (a broken contract, Pluvo not answering, …). */
export function checkVerdict(check: Pick<CheckRecord, 'outcome' | 'cause'>): CheckVerdict {
  return check.outcome === 'failed' ? VERDICT_OF_CAUSE[check.cause ?? 'contract'] : check.outcome;
}

/** What a check says of its run: a check kept from running says what kept it (the outage, the refused client). */
function verdictForRun(check: Pick<CheckRecord, 'outcome' | 'cause'>): CheckVerdict {
  return check.outcome === 'not-run' && check.cause ? VERDICT_OF_CAUSE[check.cause] : checkVerdict(check);
}

export function countsOf(summary: Pick<RunSummary, 'checks'>): Record<CheckOutcome, number> {
  const counts: Record<CheckOutcome, number> = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0, 'not-run': 0 };
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

/** The verdict, as Playwright's own reporters would count the run, with our kinds of trouble. */
export function runVerdict(completion: RunCompletion, checks: readonly CheckRecord[]): { verdict: RunVerdict; monitorError?: string } {
  // A stop someone asked for (Ctrl-C, SIGTERM, a cancelled job): nothing is known, nobody is paged.
  if (completion.status === 'interrupted') return { verdict: 'interrupted', monitorError: 'the run was stopped before it completed' };
  const monitorError = whyIncomplete(completion, checks);
  if (monitorError) return { verdict: 'monitor-error', monitorError };
  // The worst of the checks' verdicts, by the one precedence order (src/outcome/verdict.ts).
  // Checks skipped as planned come last in it, and say nothing against a run whose others held.
  const worst = worstOf(checks.map(verdictForRun));
  return { verdict: worst === undefined || !VERDICTS[worst].ran ? 'passed' : (worst as RunVerdict) };
}

function whyIncomplete(completion: RunCompletion, checks: readonly CheckRecord[]): string | undefined {
  if (completion.fatalErrors.length) return `an error outside any check: ${completion.fatalErrors[0]}`;
  if (completion.status === 'timedout') return 'the run ran out of its global time limit before it completed';
  if (completion.crashed) return `a check could not finish: ${completion.crashed}`;
  if (completion.incomplete) return `${counted(completion.incomplete, 'check')} ${completion.incomplete === 1 ? 'was' : 'were'} interrupted or did not run`;
  if (!checks.some((check) => check.outcome !== 'skipped')) return 'no check ran';
  return undefined;
}
