import { randomBytes } from 'node:crypto';
import type { RequestTrace } from '../outcome/check-outcome';
import { failsTheRun } from '../outcome/verdict';
import { checkVerdict, type CheckRecord } from '../report/run-summary';
import { redact } from '../security/redact';
import { failureLine, postJson, type Delivery, type RunResult, type Sink, type SinkFactory } from './sink';

type OtelSettings = NonNullable<Parameters<SinkFactory>[0]['otel']>;

/** OTLP's span kinds and status codes, as its JSON encoding writes them. */
const INTERNAL = 1;
const CLIENT = 3;
const UNSET = 0;
const OK = 1;
const ERROR = 2;

type Value = string | number | boolean;
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, Value> }>;
  status: { code: number; message?: string };
}

const id = (bytes: number) => randomBytes(bytes).toString('hex');
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
/** Attributes as OTLP's JSON writes them, every text redacted on its way out. */
function attributes(values: Record<string, Value | undefined>): Span['attributes'] {
  return Object.entries(values)
    .filter((entry): entry is [string, Value] => entry[1] !== undefined)
    .map(([key, value]) => {
      const encoded: Record<string, Value> =
        typeof value === 'string'
          ? { stringValue: redact(value) }
          : typeof value === 'boolean'
            ? { boolValue: value }
            : { intValue: String(Math.round(value)) };
      return { key, value: encoded };
    });
}

/** A request as a client span, as the stable HTTP conventions name it; our requests are synthetic. */
function requestSpan(traceId: string, parent: string, request: RequestTrace): Span {
  const url = new URL(request.url);
  const failed = request.error !== undefined || (request.status ?? 0) >= 400;
  return {
    traceId,
    spanId: id(8),
    parentSpanId: parent,
    name: request.method,
    kind: CLIENT,
    startTimeUnixNano: nanos(request.endedAt - request.durationMs),
    endTimeUnixNano: nanos(request.endedAt),
    attributes: attributes({
      'http.request.method': request.method,
      'url.full': `${url.origin}${url.pathname}`,
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'http.response.status_code': request.status,
      'error.type': request.error !== undefined ? 'transport' : failed ? String(request.status) : undefined,
      'graphql.operation.name': request.operation,
      'user_agent.synthetic.type': 'test',
    }),
    status: failed ? { code: ERROR, ...(request.error ? { message: redact(request.error) } : {}) } : { code: OK },
  };
}

/** A check as a test case's span, with its requests under it. */
function checkSpans(traceId: string, parent: string, target: string, check: CheckRecord, runStart: number): Span[] {
  const verdict = checkVerdict(check);
  const start = check.startedAt ?? runStart;
  const spanId = id(8);
  const failed = check.outcome === 'failed';
  const ran = check.outcome !== 'skipped' && check.outcome !== 'not-run';
  return [
    {
      traceId,
      spanId,
      parentSpanId: parent,
      name: `check ${check.checkId}`,
      kind: INTERNAL,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(start + (check.tookMs ?? 0)),
      attributes: attributes({
        'test.case.name': check.checkId,
        'test.case.result.status': ran ? (failed ? 'fail' : 'pass') : undefined,
        'pluvo.check.title': check.title,
        'pluvo.check.area': check.area,
        'pluvo.target': target,
        'pluvo.verdict': verdict,
      }),
      // A check that never ran (skipped, or kept from running by an outage) neither succeeded nor failed: unset, as OTel asks.
      status: failed ? { code: ERROR, message: redact(check.headline ?? verdict) } : ran ? { code: OK } : { code: UNSET },
    },
    ...(check.requests ?? []).map((request) => requestSpan(traceId, spanId, request)),
  ];
}

/** The run as one trace: a span for the run (a CI/CD pipeline run, a test suite run), one a check, one a request. */
export function traceOf(result: RunResult, { serviceName, pipelineRunId }: Pick<OtelSettings, 'serviceName' | 'pipelineRunId'>): object {
  const traceId = id(16);
  const runId = id(8);
  const runStart = Date.parse(result.startedAt);
  const verdicts = result.targets.map((target) => target.summary.verdict);
  const status = verdicts.includes('interrupted') ? 'aborted' : verdicts.some(failsTheRun) ? 'failure' : 'success';
  const run: Span = {
    traceId,
    spanId: runId,
    name: 'pluvo contract run',
    kind: INTERNAL,
    startTimeUnixNano: nanos(runStart),
    endTimeUnixNano: nanos(Date.parse(result.at)),
    attributes: attributes({
      'cicd.pipeline.name': 'pluvo-contract-monitor',
      'cicd.pipeline.run.id': pipelineRunId,
      'test.suite.name': 'pluvo contracts',
      'test.suite.run.status': status,
      'pluvo.targets': result.targets.length,
    }),
    // A run stopped before its end did not succeed: unset, with the suite's status saying aborted.
    status: status === 'failure' ? { code: ERROR, message: 'a contract broken, or no verdict' } : status === 'success' ? { code: OK } : { code: UNSET },
  };
  const spans = [
    run,
    ...result.targets.flatMap(({ summary }) => summary.checks.flatMap((check) => checkSpans(traceId, runId, summary.target, check, runStart))),
  ];
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes({ 'service.name': serviceName }) },
        scopeSpans: [{ scope: { name: 'pluvo-contract-monitor' }, spans }],
      },
    ],
  };
}

/** OpenTelemetry traces over OTLP/HTTP JSON (OTEL_EXPORTER_OTLP_ENDPOINT and its kin): one trace a run. */
class OtelSink implements Sink {
  readonly id = 'otel';
  readonly name = 'OpenTelemetry';
  readonly role = 'watch';

  constructor(private readonly settings: OtelSettings) {}

  async send(result: RunResult): Promise<Delivery> {
    try {
      const body = JSON.stringify(traceOf(result, this.settings));
      const status = await postJson(this.settings.tracesUrl, body, AbortSignal.timeout(this.settings.timeoutMs), this.settings.headers);
      if (status < 200 || status > 299) return { delivered: false, line: `traces: not exported (HTTP ${status}).` };
      return { delivered: true, line: 'traces: exported (OTLP/HTTP JSON).' };
    } catch (error) {
      return { delivered: false, line: `traces: not exported (${failureLine(error, ...Object.values(this.settings.headers))}).` };
    }
  }
}

export const otelSink: SinkFactory = (settings) => (settings.otel ? new OtelSink(settings.otel) : undefined);
