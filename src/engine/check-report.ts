import type { CheckResult, ContractCheck } from '../checks/check';
import { failureText, notRunOutcome, type CheckOutcome } from '../outcome/check-outcome';
import { OUTCOME_ANNOTATION, type OutcomeAnnotation } from '../report/check-record';
import { reportableExchange } from '../report/reportable-exchange';
import type { Preflight } from '../run/preflight';
import { redactValue } from '../security/redact';
import type { TargetIdentity } from '../targets/target-identity';

/**
 * What a contract test reports for its check: everything the engine found, already judged and
 * redacted, so that the test (in a Playwright worker) only hands it to Playwright. It is the one
 * thing that crosses from the engine to a worker (src/engine/channel.ts), as JSON.
 */
export interface CheckReport {
  annotations: Array<{ type: string; description: string }>;
  attachments: Array<{ name: string; contentType: string; body: string }>;
  /** A line for the console as the check's test ends. */
  say?: string;
  end: { kind: 'passed' } | { kind: 'skipped'; reason: string } | { kind: 'failed'; message: string } | { kind: 'interrupted' };
}

/** A check that ran: its judged outcome, exchanges, attachments and notes, as its test reports them. */
export function reportOfCheck(target: TargetIdentity, result: CheckResult, outcome: CheckOutcome): CheckReport {
  const annotation: OutcomeAnnotation = { target, outcome };
  const annotations = [{ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) }];
  for (const notice of outcome.notices) annotations.push({ type: 'notice', description: notice });
  for (const warning of outcome.warnings) annotations.push({ type: 'warning', description: warning });
  if (outcome.status === 'degraded') annotations.push({ type: 'degraded', description: outcome.latency.message ?? 'degraded' });
  const attachments = result.exchanges.map((exchange, index) => ({
    name: `exchange-${index + 1}.json`,
    contentType: 'application/json',
    body: redactValue(reportableExchange(exchange)),
  }));
  for (const attachment of result.attachments ?? []) attachments.push({ ...attachment, body: redactValue(attachment.body) });
  // Notes can run to dozens of lines (a radar of a large schema): one attachment, not annotations.
  if (outcome.notes.length) attachments.push({ name: 'notes.md', contentType: 'text/markdown', body: outcome.notes.map((note) => `- ${note}`).join('\n') });
  const end: CheckReport['end'] =
    outcome.status === 'skipped'
      ? { kind: 'skipped', reason: outcome.skipped ?? 'skipped' }
      : outcome.status === 'failed'
        ? { kind: 'failed', message: failureText(outcome) }
        : { kind: 'passed' };
  return { annotations, attachments, ...(outcome.summary ? { say: outcome.summary } : {}), end };
}

/** A check the preflight kept from running: the target did not answer, or refused our client. Said once for the run; each check is skipped. */
export function reportOfNotRun(target: TargetIdentity, check: ContractCheck, look: Exclude<Preflight, { state: 'answers' }>): CheckReport {
  const cause = look.state === 'unavailable' ? 'unavailable' : 'credentials';
  const message = look.state === 'credentials' && look.fix ? `${look.message}. ${look.fix}` : look.message;
  const annotation: OutcomeAnnotation = { target, outcome: notRunOutcome(check, cause, message, look.key) };
  return {
    annotations: [{ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) }],
    attachments: [],
    end: { kind: 'skipped', reason: `Not run: ${redactValue(look.message)}` },
  };
}

/** A check that threw instead of finding (a bug of ours, or data no check foresaw): the test fails with the reason, redacted. */
export function reportOfCrash(error: unknown): CheckReport {
  const reason = error instanceof Error ? error.message : String(error);
  return { annotations: [], attachments: [], end: { kind: 'failed', message: redactValue(`The check could not finish: ${reason}`) } };
}

export const INTERRUPTED: CheckReport = { annotations: [], attachments: [], end: { kind: 'interrupted' } };
