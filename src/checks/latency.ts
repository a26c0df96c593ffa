import type { Area } from '../config/areas';
import type { LatencyConfig } from '../config/policy';
import type { CheckResult } from './check';
import { counted } from '../text/counted';

/** When a check's requests count as slow (degraded) and as too slow (failed), by p95. */
export interface LatencyThresholds {
  degradedMs: number;
  failedMs: number;
}

export interface LatencyJudgement {
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  verdict: 'ok' | 'degraded' | 'too-slow';
  /** One line for the report and Slack, when not ok. */
  message?: string;
}

/** The durations of a check's requests that got an answer. */
export function requestDurations(result: Pick<CheckResult, 'exchanges'>): number[] {
  return result.exchanges.flatMap((exchange) => {
    // Only answers count: no answer, a request never sent (our budget) or one without a token has no response time.
    if ('outcome' in exchange) return ['transport', 'budget', 'no-token'].includes(exchange.outcome.kind) ? [] : [exchange.durationMs];
    return exchange.durationMs === undefined ? [] : [exchange.durationMs];
  });
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, the rank of no values indexes nothing, which is undefined too; the guard says it.
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // The rank of p% of n values is at most n for p up to 100, so the index needs no upper bound.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A check is degraded when its requests' p95 reaches the degraded threshold, too slow at the failing one. */
export function judgeLatency(result: Pick<CheckResult, 'exchanges'>, thresholds: LatencyThresholds): LatencyJudgement {
  const durations = requestDurations(result);
  const p50Ms = percentile(durations, 50);
  const p95Ms = percentile(durations, 95);
  // Stryker disable next-line ConditionalExpression: equivalent, no timing compares below both thresholds and is ok; the guard is for the types.
  if (p95Ms === undefined) return { p50Ms, p95Ms, verdict: 'ok' };
  const shown = `p95 ${Math.round(p95Ms)} ms over ${counted(durations.length, 'request')}`;
  if (p95Ms >= thresholds.failedMs)
    return {
      p50Ms,
      p95Ms,
      verdict: 'too-slow',
      message: `Pluvo answered too slowly: ${shown}, at or over the failing threshold of ${thresholds.failedMs} ms.`,
    };
  if (p95Ms >= thresholds.degradedMs)
    return { p50Ms, p95Ms, verdict: 'degraded', message: `Degraded: ${shown}, at or over the degraded threshold of ${thresholds.degradedMs} ms.` };
  return { p50Ms, p95Ms, verdict: 'ok' };
}

export function thresholdsFor(config: { latency: LatencyConfig }, area: Area): LatencyThresholds {
  return { degradedMs: config.latency.degradedMs[area], failedMs: config.latency.failedMs[area] };
}
