import type { TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { CheckOutcome as Judged } from '../outcome/check-outcome';
import { redact } from '../security/redact';
import { withoutColour } from '../text/shown';
import type { TargetIdentity } from '../targets/target-identity';
import type { CheckOutcome, CheckRecord } from './run-summary';

/** A check's record, with the target it ran against. */
export type TargetedCheckRecord = CheckRecord & { target: TargetIdentity };

/** The annotations by which a contract test names its check and, with a targets file, its target (tests/contract/contracts.spec.ts). */
export const CHECK_ANNOTATION = 'check';
export const TARGET_ANNOTATION = 'target';

/** A test's target name, from its annotation: '' for the one target of a run without a targets file. */
export const targetOfTest = (test: Pick<TestCase, 'annotations'>): string =>
  test.annotations.find((note) => note.type === TARGET_ANNOTATION)?.description ?? '';

/** The annotation in which the contract suite hands the reporters each check's typed outcome. */
export const OUTCOME_ANNOTATION = 'pluvo-outcome';

/** What the annotation holds: the judged outcome and the target it was judged on. */
export interface OutcomeAnnotation {
  target: TargetIdentity;
  outcome: Judged;
}

/**
 * What one ended test says, read from the typed outcome the suite attached (never from the error
 * text) and Playwright's own account of the test:
 *  - `retrying`: a failed attempt that will be retried is not the test's outcome yet;
 *  - `incomplete`: interrupted, skipped without being meant to, or a check of ours that threw
 *    before it had an outcome (with the reason);
 *  - otherwise the check's record.
 */
export function readTestEnd(test: TestCase, result: TestResult): 'retrying' | { incomplete: string | undefined } | { record: TargetedCheckRecord } {
  // Playwright never retries an attempt the run's stop interrupted.
  if (result.retry < test.retries && (result.status === 'failed' || result.status === 'timedOut')) return 'retrying';
  if (result.status === 'interrupted' || (result.status === 'skipped' && test.expectedStatus !== 'skipped')) return { incomplete: undefined };
  const attached = [...result.annotations, ...test.annotations].find((a) => a.type === OUTCOME_ANNOTATION)?.description;
  const parsed = attached ? parseAnnotation(attached) : undefined;
  if (!parsed) {
    const error = result.errors[0]?.message ?? result.error?.message ?? result.status;
    return { incomplete: `${test.title}: ${redact(firstLine(error))}` };
  }
  const flaky = test.outcome() === 'flaky' || (parsed.outcome.passedOnRetry === true && parsed.outcome.status === 'passed');
  const outcome: CheckOutcome = parsed.outcome.notRun ? 'not-run' : flaky ? 'flaky' : parsed.outcome.status;
  return { record: { ...parsed.outcome, outcome, target: parsed.target } };
}

function parseAnnotation(text: string): OutcomeAnnotation | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<OutcomeAnnotation>;
    const target = parsed.target as Partial<TargetIdentity> | undefined;
    if (!parsed.outcome || typeof parsed.outcome.checkId !== 'string' || typeof target?.key !== 'string' || typeof target.label !== 'string') return undefined;
    return parsed as OutcomeAnnotation;
  } catch {
    return undefined;
  }
}

const firstLine = (text: string) => withoutColour(text.split('\n')[0] ?? '').replace(/^Error: /, '');

/** An error outside any test, as history and Slack want it: its first line, in words, redacted. */
export function fatalErrorLine(error: TestError): string {
  // Playwright colours some of its own errors for the terminal.
  return redact(firstLine(error.message ?? error.value ?? 'unknown error'));
}
