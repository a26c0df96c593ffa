import type { CheckOutcome, RunVerdict } from './run-summary';

/**
 * Statuspage's component states, and one of ours: unknown, for a target or check the monitor has
 * no verdict on (its own failure, a stop, our setup, a refused client, or no run for too long).
 * A verdict is a state once, here, for the status page and summary.json alike.
 */
export type ComponentState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'unknown';

const OF: Record<RunVerdict | CheckOutcome, ComponentState> = {
  passed: 'operational',
  flaky: 'operational',
  degraded: 'degraded_performance',
  failed: 'partial_outage',
  unavailable: 'major_outage',
  throttled: 'major_outage',
  'budget-exceeded': 'unknown',
  'not-onboarded': 'unknown',
  'credentials-refused': 'unknown',
  'monitor-error': 'unknown',
  interrupted: 'unknown',
  skipped: 'unknown',
};

export function componentState(verdict: RunVerdict | CheckOutcome): ComponentState {
  return OF[verdict] ?? 'unknown';
}

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  unknown: 'Unknown',
};

/** Worst first, for a day's bar: the worst state of its runs. */
export const STATE_ORDER: readonly ComponentState[] = ['major_outage', 'partial_outage', 'degraded_performance', 'unknown', 'operational'];

export const STATE_COLOURS: Record<ComponentState, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  unknown: '#6e7781',
};
