import type { Trouble } from '../checks/check';

export interface FailedCheck {
  checkId: string;
  title: string;
  trouble: Trouble | undefined;
  /** The first lines of the failure, already redacted. */
  message: string;
}

/**
 * One run, as alerting sees it. The status separates the kinds of trouble: a broken contract
 * (failed), Pluvo not answering (unavailable) or throttling (throttled), the monitor running out
 * of its own request or time budget (budget-exceeded), and our own misconfiguration, which never
 * gets this far (exit code 2).
 */
export interface RunSummary {
  at: string;
  target: string;
  status: 'passed' | 'failed' | 'unavailable' | 'throttled' | 'budget-exceeded';
  passed: number;
  failed: number;
  skipped: number;
  failures: FailedCheck[];
  /** Worth telling even when the run passes: deprecated fields we use. */
  notices: string[];
}

export function runStatus(failures: readonly FailedCheck[]): RunSummary['status'] {
  if (failures.length === 0) return 'passed';
  if (failures.some((failure) => !failure.trouble)) return 'failed';
  if (failures.every((failure) => failure.trouble === 'budget')) return 'budget-exceeded';
  return failures.every((failure) => failure.trouble === 'throttled') ? 'throttled' : 'unavailable';
}
