import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, ContractCheck } from '../checks/check';
import { failureText, notRunOutcome, type CheckOutcome, type RequestTrace } from '../outcome/check-outcome';
import { OUTCOME_ANNOTATION, type OutcomeAnnotation } from '../report/check-record';
import { reportableExchange } from '../report/reportable-exchange';
import type { Preflight } from '../run/preflight';
import { redact, redactStrings, redactValue } from '../security/redact';
import type { TargetIdentity } from '../targets/target-identity';

/**
 * What a contract test reports for its check: everything the engine found, already judged and
 * redacted, so that the test (in a Playwright worker) only hands it to Playwright. It is the one
 * thing that crosses from the engine to a worker (src/engine/channel.ts), as JSON.
 */
export interface CheckReport {
  annotations: Array<{ type: string; description: string }>;
  /** With a body, or written by the engine into the test's own output folder (a path): the reports take either. */
  attachments: Array<{ name: string; contentType: string } & ({ body: string } | { path: string })>;
  /** A line for the console as the check's test ends. */
  say?: string;
  end:
    | { kind: 'passed' }
    | { kind: 'skipped'; reason: string }
    /** keepWorker: the test fails without ending its worker (src/engine/failed-check-reporter.ts). */
    | { kind: 'failed'; message: string; keepWorker?: boolean }
    | { kind: 'interrupted' };
}

/**
 * A check that ran: its judged outcome, attachments and notes, as its test reports them, and its
 * exchanges when it did not simply pass or the settings keep them always (PLUVO_KEEP_EXCHANGES).
 */
export function reportOfCheck(
  target: TargetIdentity,
  result: CheckResult,
  outcome: CheckOutcome,
  keep: 'failing' | 'always' = 'always',
  bodies: 'shape' | 'full' = 'shape',
  traced = false,
): CheckReport {
  // Judged as its answers came, it is masked again now, against every token met since (the engine
  // reports a check only once every token its target's server may have issued has been read).
  outcome = redactStrings(outcome);
  // Its requests ride along only when traces are exported: otherwise they would only make results.json larger.
  const annotation: OutcomeAnnotation = { target, outcome: traced ? { ...outcome, requests: requestTraces(result.exchanges) } : outcome };
  const annotations = [{ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) }];
  for (const notice of outcome.notices) annotations.push({ type: 'notice', description: notice });
  for (const warning of outcome.warnings) annotations.push({ type: 'warning', description: warning });
  if (outcome.status === 'degraded') annotations.push({ type: 'degraded', description: outcome.latency.message ?? 'degraded' });
  const cleanPass = outcome.status === 'passed' && !outcome.passedOnRetry && !outcome.warnings.length;
  const exchanges = keep === 'always' || !cleanPass ? result.exchanges : [];
  if (exchanges.length < result.exchanges.length)
    annotations.push({
      type: 'requests',
      description: `${result.exchanges.length} sent; kept in the report for a check that does not pass cleanly (PLUVO_KEEP_EXCHANGES=always keeps every check's)`,
    });
  const attachments: Array<{ name: string; contentType: string; body: string }> = exchanges.map((exchange, index) => ({
    name: `exchange-${index + 1}.json`,
    contentType: 'application/json',
    body: redactValue(reportableExchange(exchange, bodies)),
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

/** Requests a check's span lists; a long walk's rest is left out of the trace. */
const TRACED_REQUESTS = 200;

/** Each exchange as a span keeps it: method, address without its query, operation, status or error, timing. */
function requestTraces(exchanges: CheckResult['exchanges']): RequestTrace[] {
  return exchanges.slice(0, TRACED_REQUESTS).map((exchange) => {
    const graphql = 'outcome' in exchange;
    const url = exchange.request.url.split('?')[0] ?? '';
    const response = exchange.response;
    const status = response && 'status' in response ? response.status : undefined;
    const error = graphql
      ? exchange.outcome.kind === 'transport'
        ? exchange.outcome.message
        : undefined
      : response && 'error' in response
        ? response.error
        : undefined;
    return {
      method: graphql ? 'POST' : exchange.request.method,
      url,
      ...(graphql && exchange.request.operationName ? { operation: exchange.request.operationName } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(error ? { error: redact(error).slice(0, 200) } : {}),
      durationMs: exchange.durationMs ?? 0,
      endedAt: exchange.endedAt ?? Date.now(),
    };
  });
}

/** Why the preflight keeps a target's checks from running: its cause, and what it saw with the fix when there is one. */
export function notRunBecause(look: Exclude<Preflight, { state: 'answers' }>): { cause: 'unavailable' | 'credentials'; message: string; key: string } {
  const cause = look.state === 'unavailable' ? 'unavailable' : 'credentials';
  const message = look.state === 'credentials' && look.fix ? `${look.message}. ${look.fix}` : look.message;
  return { cause, message, key: look.key };
}

/** A check the preflight kept from running: the target did not answer, or refused our client. Said once for the run; each check is skipped. */
export function reportOfNotRun(target: TargetIdentity, check: ContractCheck, look: Exclude<Preflight, { state: 'answers' }>): CheckReport {
  const { cause, message, key } = notRunBecause(look);
  const annotation: OutcomeAnnotation = { target, outcome: notRunOutcome(check, cause, message, key) };
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

/** An attachment this large is written as a file, not carried in messages and inlined in results.json. */
const ATTACHMENT_FILE_BYTES = 64 * 1024;

/** An attachment worth a file of its own: a small one costs less inline (a folder, a write, the HTML report's copy). */
const large = (attachment: CheckReport['attachments'][number]): attachment is { name: string; contentType: string; body: string } =>
  'body' in attachment && attachment.body.length >= ATTACHMENT_FILE_BYTES;

/** Whether a report has attachments large enough to go as files (withAttachmentFiles). */
export const hasAttachmentFiles = (report: CheckReport): boolean => report.attachments.some(large);

/**
 * The report with its large attachments written as files into the test's own output folder (Playwright's
 * outputPath, under the reports folder), named by path: a large body then goes from the engine to the
 * reporters on disk, not through the worker and Playwright's messages, and is not inlined again in results.json.
 */
export function withAttachmentFiles(report: CheckReport, outputDir: string): CheckReport {
  if (!hasAttachmentFiles(report)) return report;
  mkdirSync(outputDir, { recursive: true });
  const attachments = report.attachments.map((attachment, index) => {
    if (!large(attachment)) return attachment;
    const path = join(outputDir, `${index + 1}-${attachment.name.replace(/[^\w.-]/g, '_')}`);
    writeFileSync(path, attachment.body);
    return { name: attachment.name, contentType: attachment.contentType, path };
  });
  return { ...report, attachments };
}
