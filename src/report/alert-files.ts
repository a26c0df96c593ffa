import { appendFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { bytesOf, forEachLine } from '../files/line-file';
import { writeAtomically, writeAtomicallyInParts } from '../files/write-atomic';
import {
  answeredMost,
  INCIDENT_KINDS,
  meaningOfRun,
  VERDICTS,
  type CheckVerdict,
  type IncidentKind,
  type RunVerdict,
  type VerdictMeaning,
} from '../outcome/verdict';
import type { Alert, AlertKind, OpenIncident, TargetAlertState, Told } from './alert-policy';
import { troubleLine } from './failure-groups';
import { checkVerdict, countsOf, type CheckOutcome, type RunSummary } from './run-summary';
import { counted } from '../text/counted';
import { cutTo } from '../text/cut';

/** How long history is kept: a status page shows 30 days; the rest is for comparison. */
export const HISTORY_DAYS = 90;
/** How long past HISTORY_DAYS a line may stay in the file before it is rewritten without it: a rewrite a day, not a run. */
const PRUNE_SLACK_MS = 86_400_000;

/** One line of reports/history.jsonl: a run, its checks' outcomes and timings, and what was told. */
export interface HistoryLine {
  at: string;
  target: string;
  targetKey: string;
  verdict: RunVerdict;
  monitorError?: string;
  /** How many checks ended how (a line of an older version has no "not-run"). */
  counts: Partial<Record<CheckOutcome, number>>;
  /** checkId → [its verdict, p50 ms, p95 ms] (timings absent when the check sent nothing). */
  checks: Record<string, [CheckVerdict, number | null, number | null]>;
  /** The alerts this run sent, each of its incident. */
  alerts?: Array<{ kind: AlertKind; incident?: IncidentKind }>;
  /** What an older version kept: the one alert a run sent. */
  alert?: AlertKind;
  /** What was wrong, in the words of the console's line under the verdict; absent when every contract held. */
  said?: string;
  /** The titles of the checks that failed or were slow (at most TITLES_KEPT), for an incident told in words. */
  titles?: Record<string, string>;
  /** Where this run's report was published (REPORT_URL), for a link from the status page. */
  report?: string;
}

/** Whether Pluvo answered most of a history line's checks (src/outcome/verdict.ts: answeredMost). */
export const lineAnsweredMost = (line: Pick<HistoryLine, 'checks'>): boolean => answeredMost(Object.values(line.checks).map(([verdict]) => verdict));

/** What a run of the history was, as the status page and summary.json say it (src/outcome/verdict.ts: meaningOfRun). */
export const meaningOfLine = (line: Pick<HistoryLine, 'verdict' | 'checks'>): VerdictMeaning => meaningOfRun(line.verdict, () => lineAnsweredMost(line));

/** The lines of the newest run in a history: one a target, all written at the same instant. */
export function latestRun(history: readonly HistoryLine[]): HistoryLine[] {
  const latest = history.at(-1)?.at;
  return history.filter((line) => line.at === latest);
}

/** What a line keeps of what the run said: the gist, for an incident's name and the status page (the report has the rest). */
const SAID_KEPT = 300;

/** Titles kept a line: enough to name an incident, few enough that 90 days of hourly lines stay small. */
const TITLES_KEPT = 12;

export function historyLine(summary: RunSummary, alerts: readonly Alert[], reportUrl?: string): HistoryLine {
  const bad = summary.checks.filter((check) => check.outcome === 'failed' || check.outcome === 'degraded').slice(0, TITLES_KEPT);
  return {
    at: summary.at,
    target: summary.target,
    targetKey: summary.targetKey,
    verdict: summary.verdict,
    ...(summary.monitorError ? { monitorError: summary.monitorError } : {}),
    counts: countsOf(summary),
    checks: Object.fromEntries(summary.checks.map((check) => [check.checkId, [checkVerdict(check), round(check.latency.p50Ms), round(check.latency.p95Ms)]])),
    ...(alerts.length ? { alerts: alerts.map(({ kind, incident }) => ({ kind, ...(incident ? { incident } : {}) })) } : {}),
    ...(summary.verdict !== 'passed' ? { said: cutTo(troubleLine(summary), SAID_KEPT, '…') } : {}),
    ...(bad.length ? { titles: Object.fromEntries(bad.map((check) => [check.checkId, check.title])) } : {}),
    ...(reportUrl ? { report: reportUrl } : {}),
  };
}

const round = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms));

type Warn = (message: string) => void;

/** Alert state by sink, then target: kept only where a sink was told less than the targets' state says. */
export type SinkStates = Record<string, Record<string, TargetAlertState>>;

/** What reports/state.json holds: each target's alert state, and each sink's where it differs. */
export interface AlertState {
  targets: Record<string, TargetAlertState>;
  sinks: SinkStates;
}

/**
 * reports/state.json (alert state, per target), reports/history.jsonl and
 * reports/slack-message.json. Every write is atomic (a temporary file, then a rename), so a run
 * that dies mid-write leaves the previous file whole. A file of the wrong shape is set aside
 * with a timestamp and started afresh, with a warning: alerting must never crash on its own state.
 */
export class AlertFiles {
  constructor(
    private readonly dir: string,
    private readonly warn: Warn = (message) => process.stdout.write(`${message}\n`),
  ) {}

  get statePath(): string {
    return join(this.dir, 'state.json');
  }

  get historyPath(): string {
    return join(this.dir, 'history.jsonl');
  }

  get messagePath(): string {
    return join(this.dir, 'slack-message.json');
  }

  /**
   * reports/state.json, read once: every target's alert state, and each alert sink's where it
   * differs from its target's (a delivery that failed), by sink, then target. A missing file is
   * empty; a broken one is set aside; a `sinks` part of the wrong shape is dropped with a warning,
   * and those sinks are taken as told what the others were.
   */
  readAlertState(): AlertState {
    if (!existsSync(this.statePath)) return { targets: {}, sinks: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.statePath, 'utf8'));
    } catch (error) {
      this.setAside(this.statePath, `is not readable JSON (${(error as Error).message.split('\n')[0]})`);
      return { targets: {}, sinks: {} };
    }
    const { targets, sinks } = (parsed ?? {}) as { targets?: unknown; sinks?: unknown };
    const read = isObject(targets) ? readStatesOf(targets) : undefined;
    if (!read) {
      this.setAside(this.statePath, 'does not have the shape of alert state');
      return { targets: {}, sinks: {} };
    }
    if (sinks === undefined) return { targets: read, sinks: {} };
    const bySink = isObject(sinks)
      ? Object.entries(sinks).map(([id, byTarget]) => [id, isObject(byTarget) ? readStatesOf(byTarget) : undefined] as const)
      : undefined;
    if (!bySink || bySink.some(([, byTarget]) => !byTarget)) {
      this.warn(`${this.statePath}: what each sink was told does not have the shape of alert state; every sink is taken as told what the others were.`);
      return { targets: read, sinks: {} };
    }
    return { targets: read, sinks: Object.fromEntries(bySink) as SinkStates };
  }

  /** Every target's alert state (readAlertState). */
  readStates(): Record<string, TargetAlertState> {
    return this.readAlertState().targets;
  }

  /**
   * Keep these targets' states (others as they were), in one write. With `sinks`, the sinks' own
   * states of these targets are replaced by those given (a sink not given, no longer configured,
   * is dropped); other targets' are kept. `before` is the file as the run read it, when it did.
   */
  writeStates(states: Record<string, TargetAlertState>, sinks?: SinkStates, before: AlertState = this.readAlertState()): void {
    const targets = { ...before.targets, ...states };
    const sinkStates = sinks
      ? Object.fromEntries(
          Object.entries(sinks).map(([id, given]) => {
            const others = Object.entries(before.sinks[id] ?? {}).filter(([key]) => !(key in states));
            return [id, { ...Object.fromEntries(others), ...given }];
          }),
        )
      : before.sinks;
    const behind = Object.fromEntries(Object.entries(sinkStates).filter(([, byTarget]) => Object.keys(byTarget).length));
    this.write(this.statePath, `${JSON.stringify({ targets, ...(Object.keys(behind).length ? { sinks: behind } : {}) }, null, 2)}\n`);
  }

  /** The history, oldest first; lines that are not history are skipped with one warning. */
  readHistory(): HistoryLine[] {
    return this.readHistoryFile().lines;
  }

  /**
   * The history file's lines, how many were not history, and whether there is one. With each line
   * read, where its row is in the file and its time, so that a rewrite copies the rows kept as they
   * are instead of writing every line again.
   */
  private readHistoryFile(): { found: boolean; lines: HistoryLine[]; skipped: number; rows: HistoryRows } {
    const rows: HistoryRows = { starts: [], ends: [], times: [], size: 0, endsWithNewline: true };
    if (!existsSync(this.historyPath)) return { found: false, lines: [], skipped: 0, rows };
    const lines: HistoryLine[] = [];
    const outcomes = new Map<number | string, HistoryLine['checks'][string]>();
    let skipped = 0;
    // A chunk at a time: ninety days of a hundred organisations pass the longest string V8 can hold, and of some 350 the largest file Node reads whole.
    const read = forEachLine(this.historyPath, (row, start, end) => {
      if (!row.trim()) return;
      try {
        const line = JSON.parse(row) as HistoryLine;
        if (typeof line.at === 'string' && typeof line.verdict === 'string' && isObject(line.checks) && typeof line.targetKey === 'string') {
          lines.push(sharingOutcomes(line, outcomes));
          rows.starts.push(start);
          rows.ends.push(end);
          rows.times.push(Date.parse(line.at));
        } else skipped += 1;
      } catch {
        skipped += 1;
      }
    });
    rows.size = read.size;
    rows.endsWithNewline = read.endsWithNewline;
    if (skipped) this.warn(`alert: skipped ${counted(skipped, 'line')} of ${this.historyPath} that are not run history (older format or damaged).`);
    return { found: true, lines, skipped, rows };
  }

  /**
   * Add a run's lines (one per target); what is older than HISTORY_DAYS is no longer history. The
   * lines are appended: rewriting the whole file each run cost a run of fifty organisations with
   * ninety days kept about six seconds and a gigabyte. The file is rewritten, atomically, only to
   * drop what has aged out (once its oldest line is a day past, so once a day) or lines that are
   * not history (a cut append), or when there is none yet; the rows kept are copied byte for byte,
   * in parts, since ninety days of a hundred organisations are more than one string can hold.
   */
  appendHistory(lines: HistoryLine | HistoryLine[], now: Date = new Date([lines].flat()[0]?.at ?? Date.now())): HistoryLine[] {
    const cutoff = now.getTime() - HISTORY_DAYS * 86_400_000;
    const added = [lines].flat();
    const before = this.readHistoryFile();
    const { times } = before.rows;
    const agedOut = times.some((at) => at < cutoff - PRUNE_SLACK_MS);
    const addedKept = added.filter((entry) => Date.parse(entry.at) >= cutoff);
    const text = (entries: HistoryLine[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    if (!before.found || before.skipped || agedOut) writeAtomicallyInParts(this.historyPath, keptThen(this.historyPath, before.rows, cutoff, text(addedKept)));
    else appendFileSync(this.historyPath, `${before.rows.endsWithNewline ? '' : '\n'}${text(added)}`);
    return [...before.lines.filter((_, nth) => times[nth]! >= cutoff), ...addedKept];
  }

  writeMessage(message: unknown): void {
    this.write(this.messagePath, `${JSON.stringify(message, null, 2)}\n`);
  }

  /** Whole or not at all, and no temporary file left behind when the disk is full (write-file-atomic). */
  write(path: string, text: string): void {
    writeAtomically(path, text);
  }

  private setAside(path: string, problem: string): void {
    const aside = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(path, aside);
      this.warn(`alert: ${path} ${problem}; set aside as ${aside} and started afresh (at worst one alert repeats).`);
    } catch (error) {
      this.warn(`alert: ${path} ${problem} and could not be set aside (${(error as Error).message}); starting afresh in memory.`);
    }
  }
}

/** Where each history line read is in the file (its row, without the newline), its time; the file's size and whether it ends with a newline. */
interface HistoryRows {
  starts: number[];
  ends: number[];
  times: number[];
  size: number;
  endsWithNewline: boolean;
}

/**
 * The file as the day's rewrite writes it: the rows still history (at or after `cutoff`) copied
 * from the file as they are, each ending in a newline, then the run's own lines. Consecutive rows
 * are copied as one range, so the rewrite is a few large reads and writes.
 */
function* keptThen(path: string, { starts, ends, times, size }: HistoryRows, cutoff: number, added: string): Generator<Uint8Array | string> {
  const ranges: Array<[number, number]> = [];
  for (let nth = 0; nth < starts.length; nth++) {
    if (!(times[nth]! >= cutoff)) continue;
    const range = ranges.at(-1);
    // With its newline; joined to the range before when only that range's newline lies between.
    const through = Math.min(ends[nth]! + 1, size);
    if (range && starts[nth] === range[1]) range[1] = through;
    else ranges.push([starts[nth]!, through]);
  }
  // A first history has no file to copy from.
  if (ranges.length) yield* bytesOf(path, ranges);
  // A last row without its newline (the file edited by hand) is given one.
  if (ranges.length && ranges.at(-1)![1] === size && ends.at(-1) === size) yield '\n';
  yield added;
}

/**
 * The line with each check's [verdict, p50, p95] one array for all the lines that have the same:
 * a check's outcomes repeat from run to run, and ninety days of two hundred organisations' hourly
 * runs held twenty million such arrays, most of a run end's 3 GB. Nothing changes a line once read.
 */
function sharingOutcomes(line: HistoryLine, outcomes: Map<number | string, HistoryLine['checks'][string]>): HistoryLine {
  for (const id in line.checks) {
    const outcome = line.checks[id]!;
    const key = outcomeKey(outcome);
    const same = outcomes.get(key);
    if (same) line.checks[id] = same;
    else outcomes.set(key, outcome);
  }
  return line;
}

/** A key that fits V8's small integers (found fast): a verdict, p50 below 4,095 ms, p95 below 16,383 ms; a string otherwise. */
const verdictKeys = new Map<string, number>();
function outcomeKey([verdict, p50, p95]: HistoryLine['checks'][string]): number | string {
  let v = verdictKeys.get(verdict);
  if (v === undefined) verdictKeys.set(verdict, (v = verdictKeys.size));
  // 16 verdicts, 12 bits and 14 bits: 30 bits in all; the largest of each stands for no timing.
  const a = timingBits(p50, 4_095);
  const b = timingBits(p95, 16_383);
  return v < 16 && a >= 0 && b >= 0 ? (v << 26) | (a << 14) | b : `${verdict} ${p50} ${p95}`;
}

/** A timing as bits below `none`, which stands for no timing; -1 when it does not fit. */
const timingBits = (ms: number | null, none: number): number => (ms === null ? none : Number.isInteger(ms) && ms >= 0 && ms < none ? ms : -1);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

const isTold = (told: unknown): told is Told =>
  isObject(told) &&
  typeof told.fingerprint === 'string' &&
  typeof told.at === 'string' &&
  typeof told.lastAt === 'string' &&
  typeof told.reminders === 'number';

function isIncident(value: unknown): value is OpenIncident {
  return (
    isObject(value) &&
    typeof value.since === 'string' &&
    typeof value.runs === 'number' &&
    typeof value.what === 'string' &&
    (value.told === undefined || isTold(value.told))
  );
}

/** States by target, or undefined when any is not one. */
function readStatesOf(byTarget: Record<string, unknown>): Record<string, TargetAlertState> | undefined {
  const read = Object.entries(byTarget).map(([key, value]) => [key, readTargetState(value)] as const);
  return read.some(([, state]) => !state) ? undefined : (Object.fromEntries(read) as Record<string, TargetAlertState>);
}

/**
 * A target's alert state as kept, or undefined when it is not one. The one streak of an older
 * version becomes the incident its told verdict opens (`failed:…` a broken contract, a monitor
 * error the monitor's), so an upgrade neither repeats an alert nor loses a recovery.
 */
function readTargetState(value: unknown): TargetAlertState | undefined {
  if (!isObject(value) || typeof value.flakyRuns !== 'number' || !optionalString(value.noticed)) return undefined;
  const noticed = typeof value.noticed === 'string' ? { noticed: value.noticed } : {};
  if (isObject(value.incidents)) {
    const kinds = Object.keys(value.incidents);
    if (!kinds.every((kind) => (INCIDENT_KINDS as readonly string[]).includes(kind) && isIncident((value.incidents as Record<string, unknown>)[kind])))
      return undefined;
    if (value.flakyTold !== undefined && !(isTold(value.flakyTold) && typeof (value.flakyTold as { what?: unknown }).what === 'string')) return undefined;
    return value as unknown as TargetAlertState;
  }
  // The older shape: { badRuns, badSince?, flakyRuns, told? }.
  if (typeof value.badRuns !== 'number' || !optionalString(value.badSince)) return undefined;
  const told = value.told;
  if (told === undefined) return { incidents: {}, flakyRuns: value.flakyRuns, ...noticed };
  if (!isTold(told) || !['incident', 'monitor-error', 'flaky'].includes((told as { kind?: unknown }).kind as string)) return undefined;
  const { kind, what, ...rest } = told as Told & { kind: string; what?: string };
  if (kind === 'flaky') return { incidents: {}, flakyRuns: value.flakyRuns, flakyTold: { ...rest, what: what ?? 'flaky checks' }, ...noticed };
  const verdict = kind === 'monitor-error' ? 'monitor-error' : (told.fingerprint.split(':')[0] as RunVerdict);
  const incident = VERDICTS[verdict]?.incident;
  if (!incident) return { incidents: {}, flakyRuns: value.flakyRuns, ...noticed };
  const since = typeof value.badSince === 'string' ? value.badSince : told.at;
  return {
    incidents: {
      [incident]: {
        since,
        runs: Math.max(1, value.badRuns),
        what: what ?? verdict,
        told: { ...rest, fingerprint: incident === 'contract' ? told.fingerprint.replace(/^failed:/, 'contract:') : incident },
      },
    },
    flakyRuns: value.flakyRuns,
    ...noticed,
  };
}
