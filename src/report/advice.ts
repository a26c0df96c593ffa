import type { AlertKind } from './alert-policy';
import type { RunVerdict } from './run-summary';

/**
 * One line of what to do, for each kind of trouble: the first thing an on-call person needs after
 * what happened. Whose problem it is comes first (Pluvo's, ours, the monitor's), then the action.
 */
export const WHAT_TO_DO: Record<RunVerdict, string> = {
  failed:
    'Pluvo answered other than the contract. Read the failures below; if Pluvo changed on purpose, update the contract (`npm run baseline` for a schema change) and commit; if not, raise it with Pluvo, quoting the report.',
  unavailable:
    'Not a bug of ours and no contract verdict: Pluvo (or the way to it) does not answer. Check with Pluvo; nothing needs changing here, and the monitor says when it answers again.',
  throttled:
    'Pluvo is rate-limiting our API client: lower PLUVO_CONCURRENCY, or find the other integration sharing the client; ask Pluvo for a higher limit if it lasts.',
  'budget-exceeded':
    'Our own limit, not Pluvo: the run hit PLUVO_MAX_REQUESTS or PLUVO_CHECK_TIMEOUT_MS (the failures say which). Raise it, or narrow PLUVO_WALK, if the organisation grew.',
  'credentials-refused':
    'Pluvo refused our API client: check its client id and secret where the monitor runs (a rotated secret?), or whether the client or a scope was revoked in Pluvo.',
  'not-onboarded': 'Nothing is pinned for this target yet: run `npm run onboard` for it and commit what it writes.',
  degraded:
    'Pluvo answers, slowly. Nothing is broken; if it lasts, raise it with Pluvo, or set degradedMs in the manifest if this speed is normal for the operation.',
  flaky: 'Checks pass only when tried again: Pluvo is failing now and then. Nothing to do yet; it is told again if it turns into failures.',
  'monitor-error': 'The monitor itself failed, so nothing is known about Pluvo: fix what the error names and run `npm start` to see it pass.',
  interrupted: 'Stopped on purpose: nothing to do.',
  passed: 'Nothing to do.',
};

/** The line for an alert: a notice and a recovery have their own; every other kind says what its verdict asks for. */
export function whatToDo(kind: AlertKind, verdict: RunVerdict): string {
  if (kind === 'notice')
    return 'Move our operations to the replacement each deprecation names, before Pluvo removes the field; then `npm run baseline` and commit.';
  if (kind === 'recovery') return 'Nothing to do; undo any workaround made for it.';
  return WHAT_TO_DO[verdict];
}

/** "3 h 5 min", "12 min", "2 d 3 h", "under a minute": how long, to the precision a person reads. */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "2026-12-02 03:00 UTC": a time as a person reads it, in the zone every reader shares. */
export function clockTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-12-02 03:00 UTC, for 3 h, 4 runs": since when, how long until `now`, and in how many runs. */
export function sinceLine(since: string, now: string, runs?: number): string {
  if (Date.parse(since) >= Date.parse(now)) return `${clockTime(now)} (this run)`;
  const runsPart = runs ? `, ${runs} run${runs === 1 ? '' : 's'}` : '';
  return `${clockTime(since)}, for ${duration(Date.parse(now) - Date.parse(since))}${runsPart}`;
}
