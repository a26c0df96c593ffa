import type { Cause } from '../pluvo/cause';
import { redact } from '../security/redact';
import { shownText, withoutColour } from '../text/shown';
import { headlineOf, quietOutcome, type CheckOutcome } from './check-outcome';

/**
 * How a user's own Playwright check ended, as its worker saw it (src/own/test.ts): Playwright's
 * status and first error, and the trouble its `pluvo.query` met, if one failed.
 */
export interface OwnCheckEnd {
  /** Stable from run to run, so alerts and history follow it: its file and titles. */
  checkId: string;
  title: string;
  /** Where it is written, "tests/users.spec.ts:12": where a reader goes to read what it checks. */
  location: string;
  /** An interrupted check has no outcome: the run's stop is said by the run. */
  status: 'passed' | 'failed' | 'timedOut' | 'skipped';
  error?: string;
  skipped?: string;
  /** A query that did not get an answer to judge: Pluvo's trouble or our budget, never the user's assertion. */
  trouble?: { message: string; cause: Cause; key?: string };
  /** Its target was found not answering, or refusing our client, before the run began: nothing was asked of it. */
  notRun?: boolean;
  tookMs: number;
}

/**
 * A check's failure in a line, as a person reads it: its error's first line, with what an
 * assertion expected and received (Playwright says them on lines of their own), bounded, redacted.
 */
function inALine(error: string): string {
  const lines = withoutColour(error)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const told = lines.filter((line) => /^(Expected|Received)( \w+)?:/.test(line));
  const first = (lines[0] ?? 'the check failed').replace(/^Error: /, '');
  return redact(shownText([first, ...told].join('; '), 500));
}

/**
 * The outcome of a user's own check, decided here as judgeCheck decides ours, and read by every
 * output the same way. An assertion that does not hold is a broken contract (the user's own, with
 * Pluvo); a query that met an outage, throttling, refused credentials or our budget is that
 * trouble, not a verdict on the contract; Playwright's timeout is the check's own time budget.
 */
export function judgeOwnCheck(end: OwnCheckEnd): CheckOutcome {
  const base = { checkId: end.checkId, title: end.title, area: 'own' as const, docs: end.location };
  if (end.status === 'passed') return { ...quietOutcome({ ...base, status: 'passed' }), tookMs: end.tookMs };
  if (end.status === 'skipped')
    return { ...quietOutcome({ ...base, status: 'skipped' }), skipped: redact(end.skipped ?? 'skipped by the check'), tookMs: end.tookMs };
  const cause: Cause = end.trouble?.cause ?? (end.status === 'timedOut' ? 'budget' : 'contract');
  const message = end.trouble
    ? end.trouble.message
    : end.status === 'timedOut'
      ? `monitor budget exceeded: the check did not end within its Playwright timeout`
      : `${end.location}: ${inALine(end.error ?? 'the check failed without an error')}`;
  return {
    ...quietOutcome({ ...base, status: 'failed' }),
    cause,
    headline: headlineOf(cause, end.title),
    failures: [{ message: redact(message), cause, ...(end.trouble?.key ? { key: redact(end.trouble.key) } : {}) }],
    ...(end.notRun ? { notRun: true as const } : {}),
    tookMs: end.tookMs,
  };
}
