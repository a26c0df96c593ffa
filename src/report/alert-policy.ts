import type { RunSummary } from './run-summary';

/** What alerting remembers between runs (reports/state.json). */
export interface AlertState {
  /** The status and failing checks the last alert told about. */
  alertedFingerprint: string | undefined;
  alertedAt: string | undefined;
  /** The notices already told about. */
  noticedFingerprint: string | undefined;
}

export const EMPTY_STATE: AlertState = { alertedFingerprint: undefined, alertedAt: undefined, noticedFingerprint: undefined };

export type AlertKind = 'failure' | 'change' | 'recovery' | 'notice';

export interface AlertDecision {
  kind: AlertKind | undefined;
  /** The state to keep once the alert (if any) has been delivered. */
  next: AlertState;
}

function fingerprint(summary: RunSummary): string {
  return `${summary.status}:${summary.failures.map((f) => f.checkId).sort().join(',')}`;
}

/**
 * Alert on changes, not on every run: an hourly monitor that repeats the same failure every hour
 * gets muted. A new failure alerts; the same failures again stay quiet; a different set of
 * failures alerts as a change; the first passing run after failures alerts as a recovery.
 * Notices (deprecated fields we use) are told once each, even on a passing run.
 */
export function decideAlert(previous: AlertState, summary: RunSummary): AlertDecision {
  const current = fingerprint(summary);
  const wasFailing = previous.alertedFingerprint !== undefined && !previous.alertedFingerprint.startsWith('passed:');
  const notices = [...summary.notices].sort().join('\n');
  const noticesAreNew = notices !== '' && notices !== previous.noticedFingerprint;
  const next: AlertState = { ...previous, noticedFingerprint: notices || previous.noticedFingerprint };
  if (summary.status === 'passed') {
    if (wasFailing) return { kind: 'recovery', next: { ...next, alertedFingerprint: current, alertedAt: summary.at } };
    return { kind: noticesAreNew ? 'notice' : undefined, next: { ...next, alertedFingerprint: previous.alertedFingerprint ?? current } };
  }
  if (current === previous.alertedFingerprint) return { kind: noticesAreNew ? 'notice' : undefined, next };
  return { kind: wasFailing ? 'change' : 'failure', next: { ...next, alertedFingerprint: current, alertedAt: summary.at } };
}
