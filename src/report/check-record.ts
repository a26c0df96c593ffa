import type { TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { Trouble } from '../checks/check';
import { redact } from '../security/redact';
import type { TargetIdentity } from '../targets/targets-file';
import type { CheckOutcome, CheckRecord } from './run-summary';

/** A check's record, with the target it ran against. */
export type TargetedCheckRecord = CheckRecord & { target: TargetIdentity };

/**
 * What one ended test says, read from Playwright's result and our annotations (check id, target,
 * trouble, degraded, timings, notices):
 *  - `retrying`: a failed attempt that will be retried is not the test's outcome yet;
 *  - `incomplete`: interrupted, or skipped without being meant to;
 *  - otherwise the check's record, every text redacted, and the notices it carried.
 */
export function readTestEnd(
  test: TestCase,
  result: TestResult,
  defaultTarget: () => TargetIdentity,
): 'retrying' | 'incomplete' | { record: TargetedCheckRecord; notices: string[] } {
  if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return 'retrying';
  if (result.status === 'interrupted' || (result.status === 'skipped' && test.expectedStatus !== 'skipped')) return 'incomplete';
  const annotations = [...test.annotations, ...result.annotations];
  const note = (type: string) => annotations.find((a) => a.type === type)?.description;
  const notices = annotations.filter((a) => a.type === 'notice' && a.description).map((a) => redact(a.description!));
  const degraded = note('degraded');
  const outcome: CheckOutcome = { expected: degraded ? 'degraded' : 'passed', flaky: 'flaky', unexpected: 'failed', skipped: 'skipped' }[
    test.outcome()
  ] as CheckOutcome;
  const failure = result.errors[0]?.message ?? result.error?.message;
  const record: TargetedCheckRecord = {
    target: parseTarget(note('target')) ?? defaultTarget(),
    checkId: note('check') ?? test.title,
    title: test.title,
    // The area is the test's first tag: @auth, @paging…
    area: test.tags.find((tag) => tag.length > 1 && tag.startsWith('@'))?.slice(1) ?? 'unknown',
    outcome,
    ...(outcome === 'failed' && note('trouble') ? { trouble: note('trouble') as Trouble } : {}),
    ...(outcome === 'failed'
      ? { message: redact(failure ?? result.status) }
      : outcome === 'degraded'
        ? { message: redact(`Degraded: ${test.title}\n${degraded}`) }
        : {}),
    ...parseTiming(note('timing')),
  };
  return { record, notices };
}

/** An error outside any test, as history and Slack want it: its first line, in words, redacted. */
export function fatalErrorLine(error: TestError): string {
  const firstLine = (error.message ?? error.value ?? 'unknown error').split('\n')[0]!;
  // Playwright colours some of its own errors for the terminal.
  return redact(firstLine.replace(/\u001b\[[0-9;]*m/g, '').replace(/^Error: /, ''));
}

function parseTarget(text: string | undefined): TargetIdentity | undefined {
  if (!text) return undefined;
  try {
    const { key, label } = JSON.parse(text) as Partial<TargetIdentity>;
    return typeof key === 'string' && typeof label === 'string' ? { key, label } : undefined;
  } catch {
    return undefined;
  }
}

function parseTiming(text: string | undefined): { p50Ms?: number; p95Ms?: number } {
  if (!text) return {};
  try {
    const { p50Ms, p95Ms } = JSON.parse(text) as { p50Ms?: unknown; p95Ms?: unknown };
    return { ...(typeof p50Ms === 'number' ? { p50Ms } : {}), ...(typeof p95Ms === 'number' ? { p95Ms } : {}) };
  } catch {
    return {};
  }
}
