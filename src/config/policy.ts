import { AREAS, type Area } from './areas';

/**
 * When to tell people, Checkly-style: escalate after N bad runs in a row (per area, or per kind of
 * trouble) or after M minutes bad; remind while it lasts (every H hours, at most R times); say once
 * when it ends. Flaky runs (passed only on retry) are told only after several in a row.
 */
export interface AlertPolicy {
  /** Bad runs in a row before the first alert, by check area or kind of trouble. */
  afterRuns: Record<string, number>;
  /** When set (> 0): alert once the trouble has lasted this long, instead of counting runs. */
  afterMinutes: number;
  remindEveryHours: number;
  remindMax: number;
  /** Flaky runs in a row before they are told. */
  flakyAfterRuns: number;
}

export const DEFAULT_POLICY: AlertPolicy = {
  // A broken contract is news at once; an API that did not answer once is a blip until it repeats.
  afterRuns: {
    ...Object.fromEntries(AREAS.map((area) => [area, 1])),
    unavailable: 2,
    throttled: 2,
    budget: 1,
    credentials: 1,
    'not-onboarded': 1,
    degraded: 2,
    'monitor-error': 1,
  },
  afterMinutes: 0,
  remindEveryHours: 24,
  remindMax: 3,
  flakyAfterRuns: 3,
};

/** When a check's requests count as slow: p95 at or over degradedMs is degraded, at or over failedMs fails; by area. */
export type LatencyConfig = { degradedMs: Record<Area, number>; failedMs: Record<Area, number> };
