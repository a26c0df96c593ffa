import type { Severity } from '../outcome/verdict';
import { meaningOfAlert, type Alert, type NotRepeated } from './alert-policy';
import { counted } from '../text/counted';

/** What advice and urgency read of an alert: its kind, its verdict, and whether its run was answered in part. */
type Told = Pick<Alert, 'kind' | 'verdict' | 'inPart'>;

/**
 * The line for an alert: a notice and a recovery have their own; every other kind says what its
 * verdict asks for (src/outcome/verdict.ts), in its partial form for a run Pluvo answered in part.
 */
export function whatToDo(alert: Told): string {
  if (alert.kind === 'notice') return 'Move our operations to the replacement each deprecation names, before Pluvo removes the field, and commit them.';
  if (alert.kind === 'recovery') return 'Nothing to do; undo any workaround made for it.';
  return meaningOfAlert(alert).whatToDo;
}

/** Severities, the most urgent first. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/**
 * How urgent an alert is, for a sink that routes by it: its verdict's severity while trouble
 * starts, changes or lasts; `info` once it is over, and for a notice, as Slack wakes nobody for either.
 */
export function alertSeverity(alert: Told): Severity {
  if (alert.kind === 'recovery' || alert.kind === 'notice') return 'info';
  return meaningOfAlert(alert).severity;
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
  const runsPart = runs ? `, ${counted(runs, 'run')}` : '';
  return `${clockTime(since)}, for ${duration(Date.parse(now) - Date.parse(since))}${runsPart}`;
}

/**
 * Trouble told before and the same this run, as the console says it instead of a message: since
 * when, when it was told, and when it will be told again ("contract broken since 2026-12-08 02:14
 * UTC, for 2 h, 3 runs, told at 2026-12-08 02:14 UTC; a reminder at 2026-12-09 02:14 UTC unless it
 * ends first (PLUVO_REMIND_EVERY_HOURS)").
 */
export function notRepeatedLine(standing: NotRepeated, now: string): string {
  const next = standing.nextReminderAt
    ? `a reminder at ${clockTime(standing.nextReminderAt)} unless it ends first (PLUVO_REMIND_EVERY_HOURS)`
    : `reminded ${counted(standing.reminders, 'time')}, the most (PLUVO_REMIND_MAX): its end is told`;
  return `${standing.name} since ${sinceLine(standing.since, now, standing.runs)}, told at ${clockTime(standing.toldAt)}; ${next}`;
}
