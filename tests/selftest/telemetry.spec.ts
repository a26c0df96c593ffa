import { test, expect } from '../contract/base-test';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { recordingWebhook } from '../support/recording-webhook';
import { runInProcess } from '../support/run-in-process';
import { runMonitor } from '../support/run-monitor';

/**
 * OpenTelemetry, end to end: a run with OTEL_EXPORTER_OTLP_ENDPOINT set sends one trace to an
 * OTLP/HTTP JSON collector on 127.0.0.1: a span for the run, one a check (ERROR for a broken
 * contract), one a request under its check (the stable HTTP client conventions, the GraphQL
 * operation, marked synthetic), and no secret, token or query string in any attribute.
 */
type Attribute = { key: string; value: Record<string, string | boolean> };
type Span = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes: Attribute[]; status: { code: number } };

test('one trace a run: the run, each check and each request as spans; failures as ERROR; no secret anywhere in it', async () => {
  const collector = await recordingWebhook();
  const canary = 'otlp-canary-key-5b1e9f3a77';
  try {
    const run = await runInProcess(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: new URL(collector.url).origin,
        OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${canary}`,
        SANDBOX_FAULTS: 'wrong-secret-accepted',
      },
      undefined,
      ['--grep', 'a wrong client secret gets 401|paginatedUsers: first: 50 gives'],
    );
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain('traces: exported (OTLP/HTTP JSON).');
    expect(collector.received.map((request) => request.path)).toEqual(['/v1/traces']);
    const [export_] = collector.received;
    expect(export_!.headers['x-api-key']).toBe(canary);
    expect(export_!.headers['content-type']).toBe('application/json');
    const spans = export_!.body.resourceSpans[0].scopeSpans[0].spans as Span[];
    const value = (span: Span, key: string) => {
      const found = span.attributes.find((attribute) => attribute.key === key)?.value;
      return found ? Object.values(found)[0] : undefined;
    };
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    const [root, ...rest] = spans;
    expect(root!.parentSpanId).toBeUndefined();
    expect(value(root!, 'test.suite.run.status')).toBe('failure');
    const checks = rest.filter((span) => span.parentSpanId === root!.spanId);
    expect(checks.map((span) => value(span, 'test.case.name')).sort()).toEqual(['auth.wrong-secret-rejected', 'paging.page-size.paginatedUsers']);
    const broken = checks.find((span) => value(span, 'test.case.name') === 'auth.wrong-secret-rejected')!;
    expect([broken.status.code, value(broken, 'test.case.result.status')]).toEqual([2, 'fail']);
    const requests = rest.filter((span) => span.kind === 3);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((span) => checks.some((check) => check.spanId === span.parentSpanId))).toBe(true);
    const graphql = requests.find((span) => value(span, 'graphql.operation.name'));
    expect(graphql && [value(graphql, 'http.request.method'), value(graphql, 'user_agent.synthetic.type')]).toEqual(['POST', 'test']);
    expect(requests.every((span) => !String(value(span, 'url.full')).includes('?'))).toBe(true);
    // No secret, token or canary in any attribute.
    const text = JSON.stringify(spans);
    for (const secret of [canary, DEMO_CLIENT.clientSecret, 'Bearer ', 'access_token']) expect(text, secret).not.toContain(secret);
    expect(run.output).not.toContain(canary);
  } finally {
    collector.close();
  }
});

test('a protocol other than OTLP/HTTP JSON is one line, exit 2, before a request', async () => {
  const run = await runMonitor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, undefined, ['--list'], {
    stopsBeforeChecks: true,
  });
  expect(run.status).toBe(2);
  expect(run.output.trim()).toContain(
    'OTEL_EXPORTER_OTLP_PROTOCOL: is "grpc"; the monitor sends traces as OTLP/HTTP JSON. Set it to http/json (every OTLP/HTTP collector takes it), or unset it',
  );
});
