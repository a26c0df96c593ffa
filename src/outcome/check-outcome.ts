import type { ContractCheck, CheckResult, Finding, Pin } from '../checks/check';
import { judgeLatency, thresholdsFor, type LatencyJudgement } from '../checks/latency';
import type { Area } from '../config/areas';
import type { RunSettings } from '../config/load-config';
import type { Cause } from '../pluvo/cause';
import { redact } from '../security/redact';
import { shownText } from '../text/shown';
import { causeOfFailures, VERDICT_OF_CAUSE, VERDICTS } from './verdict';
import { cutTo } from '../text/cut';

export type CheckStatus = 'passed' | 'failed' | 'degraded' | 'skipped';

/** A failure as the outcome keeps it: redacted, with its cause. */
export interface Failure {
  message: string;
  cause: Cause;
  /** What it shares with other failures of the same trouble, so it is said once. */
  key?: string;
}

/**
 * A check's outcome: the one typed record per test that the reports, the alert, the history and the
 * fault matrix read. Every text in it is redacted.
 */
export interface CheckOutcome {
  checkId: string;
  title: string;
  area: Area;
  docs: string;
  status: CheckStatus;
  /** Failed only: why, the contract or a kind of trouble (see Cause). */
  cause?: Cause;
  /** Failed only: the first line, "Contract broken: …" or what kept the check from a verdict. */
  headline?: string;
  failures: Failure[];
  warnings: string[];
  notes: string[];
  notices: string[];
  /** Skipped only: why. */
  skipped?: string;
  /** Its requests' timings as judged; thresholdMs is the threshold a slow check met (degraded, or failing). */
  latency: Pick<LatencyJudgement, 'p50Ms' | 'p95Ms' | 'verdict' | 'message'> & { thresholdMs?: number };
  /** Our operations the check is about. */
  operations: string[];
  /** Observations to keep in committed files once the run completes. */
  pins: Pin[];
  facts: Record<string, number>;
  summary?: string;
  /** Passed only when tried again after trouble (see runConfirmed): flaky, like a pass on Playwright's retry. */
  passedOnRetry?: true;
  /**
   * The trouble (its key) this check met at first and got past when it looked again: a blip. That
   * the same trouble came and went is what tells it from a 5xx confined to one contract
   * (src/outcome/confined-trouble.ts).
   */
  blip?: string;
  /** Not run at all: the preflight found the target not answering, or refusing our client. */
  notRun?: true;
  /**
   * How long the check ran, its confirmation waits included. Its test may have taken less: the
   * check was started with its target's others by the run's engine (src/engine/engine.ts) and may have ended before.
   */
  tookMs?: number;
  /** When it started, in ms since the epoch: for a trace's span. */
  startedAt?: number;
  /** Its requests, as a trace shows them (only when traces are exported: OTEL_EXPORTER_OTLP_ENDPOINT). */
  requests?: RequestTrace[];
}

/** A request as a span keeps it: no body, no query string, no header. */
export interface RequestTrace {
  method: string;
  /** scheme://host:port/path, the query string left out. */
  url: string;
  operation?: string;
  status?: number;
  error?: string;
  durationMs: number;
  endedAt: number;
}

/** A failed check's first line: "Contract broken: …", or what kept it from a verdict (the cause's, in src/outcome/verdict.ts). */
export function headlineOf(cause: Cause, title: string): string {
  return cause === 'contract' ? `Contract broken: ${title}` : `${VERDICTS[VERDICT_OF_CAUSE[cause]].because}: ${title}`;
}

/**
 * The one place a check's result becomes its outcome: skipped, failed (and why), degraded or
 * passed; its latency judged against its thresholds (the area's, or the operation's own), strict
 * mode applied, and its headline. The Playwright suite and the fault matrix both call it.
 */
export function judgeCheck(check: ContractCheck, result: CheckResult, settings: Pick<RunSettings, 'latency' | 'strict'>): CheckOutcome {
  const thresholds = { ...thresholdsFor(settings, check.area), ...check.latency };
  const latency = judgeLatency(result, thresholds);
  const failures: Failure[] = result.findings.filter((f) => f.severity === 'fail').map(failure);
  if (latency.verdict === 'too-slow') failures.push({ message: redact(latency.message ?? 'too slow'), cause: 'contract' });
  const degraded = latency.verdict === 'degraded';
  if (degraded && settings.strict) failures.push({ message: redact(`${latency.message} PLUVO_STRICT=1 makes degraded checks fail.`), cause: 'contract' });
  const texts = (severity: Finding['severity']) => result.findings.filter((f) => f.severity === severity).map((f) => bounded(f.message));
  const cause = causeOfFailures(failures);
  const status: CheckStatus = result.skipped ? 'skipped' : cause ? 'failed' : degraded ? 'degraded' : 'passed';
  return {
    checkId: check.id,
    title: check.title,
    area: check.area,
    docs: check.docs,
    status,
    ...(status === 'failed' && cause ? { cause, headline: headlineOf(cause, check.title) } : {}),
    failures: status === 'skipped' ? [] : failures,
    warnings: texts('warn'),
    notes: texts('info'),
    notices: (result.notices ?? []).map(redact),
    ...(result.skipped ? { skipped: redact(result.skipped) } : {}),
    latency: {
      p50Ms: latency.p50Ms,
      p95Ms: latency.p95Ms,
      verdict: latency.verdict,
      ...(latency.message ? { message: redact(latency.message) } : {}),
      ...(latency.verdict !== 'ok' ? { thresholdMs: latency.verdict === 'degraded' ? thresholds.degradedMs : thresholds.failedMs } : {}),
    },
    operations: result.operations ?? [],
    pins: result.pins ?? [],
    facts: result.facts ?? {},
    ...(result.summary ? { summary: redact(result.summary) } : {}),
  };
}

/** An outcome with nothing recorded: what a check that sent nothing and found nothing holds, before its status is said. */
export function quietOutcome(check: Pick<CheckOutcome, 'checkId' | 'title' | 'area' | 'docs' | 'status'>): CheckOutcome {
  return {
    ...check,
    failures: [],
    warnings: [],
    notes: [],
    notices: [],
    latency: { p50Ms: undefined, p95Ms: undefined, verdict: 'ok' },
    operations: [],
    pins: [],
    facts: {},
  };
}

/**
 * A check that was not run because the preflight found its target not answering, or refusing our
 * client: a failure of that cause, said once for the run (so the same trouble is one group).
 */
export function notRunOutcome(check: ContractCheck, cause: Exclude<Cause, 'contract'>, message: string, key: string): CheckOutcome {
  return {
    ...quietOutcome({ checkId: check.id, title: check.title, area: check.area, docs: check.docs, status: 'failed' }),
    cause,
    headline: headlineOf(cause, check.title),
    failures: [notRunFailure(cause, message, key)],
    notRun: true,
  };
}

/** The failure of a check that was not run, as every check kept from running by the same trouble says it (ours, and a user's own). */
export function notRunFailure(cause: Exclude<Cause, 'contract'>, message: string, key: string): Failure & { key: string } {
  return { message: redact(`Not run: ${message}.`), cause, key: redact(key) };
}

function failure(finding: Finding): Failure {
  return { message: bounded(finding.message), cause: finding.cause ?? 'contract', ...(finding.key ? { key: redact(shownText(finding.key, 300)) } : {}) };
}

/** A finding as every report keeps it: redacted, and no longer than a person reads (a check quoting megabytes of a target's text stays small). */
const MAX_FINDING = 2_000;
function bounded(message: string): string {
  return redact(message.length > MAX_FINDING ? `${cutTo(message, MAX_FINDING, '')}… (cut: ${message.length} characters)` : message);
}

/** The failure as the test's error says it: the headline, what came back, where the docs promise it. */
export function failureText(outcome: CheckOutcome): string {
  return `${outcome.headline}\n${outcome.failures.map((f) => `  - ${f.message}`).join('\n')}\nDocs: ${outcome.docs}`;
}
