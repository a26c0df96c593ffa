import { test, expect } from '../contract/base-test';
import { judgeLatency, percentile, requestDurations, thresholdsFor } from '../../src/checks/latency';

/** Response times, judged by p95 against the degraded and the failing threshold. */
const exchanges = (...durations: number[]) => ({
  exchanges: durations.map((durationMs) => ({ request: { method: 'POST', url: 'u' }, response: { status: 200, headers: {}, body: '' }, durationMs })),
});
const thresholds = { degradedMs: 2_000, failedMs: 20_000 };

test.describe('latency', () => {
  test('nearest-rank percentiles', () => {
    expect(percentile([], 95)).toBeUndefined();
    expect(percentile([5], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 95)).toBe(4);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });

  test('under the degraded threshold is ok; at it, degraded; at the failing one, too slow', () => {
    expect(judgeLatency(exchanges(100, 1_999), thresholds)).toEqual({ p50Ms: 100, p95Ms: 1_999, verdict: 'ok' });
    expect(judgeLatency(exchanges(100, 2_000), thresholds)).toEqual({
      p50Ms: 100,
      p95Ms: 2_000,
      verdict: 'degraded',
      message: 'Degraded: p95 2000 ms over 2 requests, at or over the degraded threshold of 2000 ms.',
    });
    expect(judgeLatency(exchanges(20_000), thresholds)).toEqual({
      p50Ms: 20_000,
      p95Ms: 20_000,
      verdict: 'too-slow',
      message: 'Pluvo answered too slowly: p95 20000 ms over 1 request, at or over the failing threshold of 20000 ms.',
    });
  });

  test('a request that got no answer has no response time; no answer at all is no verdict', () => {
    const unanswered = { exchanges: [{ request: { method: 'POST', url: 'u' }, response: { error: 'refused', reason: 'unavailable' as const } }] };
    expect(judgeLatency(unanswered, thresholds)).toEqual({ p50Ms: undefined, p95Ms: undefined, verdict: 'ok' });
  });

  test('GraphQL exchanges count by their duration, except those that got no answer', () => {
    const graphql = (kind: 'transport' | 'http-status' | 'data', durationMs: number) => ({
      outcome:
        kind === 'transport' ? { kind, message: 'x', timedOut: true } : kind === 'data' ? { kind, status: 200, data: {} } : { kind, status: 502, reason: 'x' },
      request: { url: 'u', query: 'q', auth: 'token' },
      attempts: 1,
      durationMs,
    });
    expect(requestDurations({ exchanges: [graphql('data', 10), graphql('transport', 30_000), graphql('http-status', 20)] as never })).toEqual([10, 20]);
    expect(requestDurations(exchanges(5))).toEqual([5]);
  });

  test("an area's thresholds from the configuration", () => {
    const latency = {
      degradedMs: { auth: 1, transport: 2, paging: 3, shape: 4, schema: 5, own: 6 },
      failedMs: { auth: 10, transport: 20, paging: 30, shape: 40, schema: 50, own: 60 },
    };
    expect(thresholdsFor({ latency }, 'paging')).toEqual({ degradedMs: 3, failedMs: 30 });
  });
});
