import { duration } from './advice';
import { lineAnsweredMost, meaningOfLine, type HistoryLine } from './alert-files';
import type { AlertKind } from './alert-policy';
import {
  meaningOf,
  meaningOfRun,
  SHARED_INCIDENT_AT,
  STATE_COLOURS,
  STATE_LABELS,
  STATE_ORDER,
  VERDICT_OF_INCIDENT,
  type ComponentState,
  type IncidentKind,
  type RunVerdict,
  type VerdictMeaning,
} from '../outcome/verdict';
import { cutTo } from '../text/cut';
import { namedFew } from '../text/named-few';
import { counted } from '../text/counted';

/**
 * The status page: one self-contained HTML file (no script, no CDN) that opens from disk, every
 * state, colour and word read from the one verdict table (src/outcome/verdict.ts). Availability
 * counts only runs that say something of Pluvo: the monitor's own failure, a stop, its own
 * budget, our own setup and our refused client count neither way, and a check that did not run
 * is never red.
 */
const WINDOWS = [
  ['24 hours', 1],
  ['7 days', 7],
  ['30 days', 30],
  ['90 days', 90],
] as const;
/** Days of daily bars, as Statuspage shows: the history kept is 90 days. */
const DAYS = 90;
/** The latest runs, one bar each, the newest at the right end: always visible, however the runs are spaced. */
const LATEST_RUNS = 48;
/** A target not checked for this long is no longer on the page (it was removed, or was a one-off). */
const GONE_AFTER_DAYS = 7;
/** Incidents listed per target, newest first; the rest are counted. */
const INCIDENTS_SHOWN = 10;
/** What an incident's run said, as its name on the page: the gist (the report has the rest). */
const MAX_SAID = 140;
/** The latency chart's points: each run while there are few; a point a day beyond that. */
const MAX_CHART_RUNS = 120;

export interface StatusPageOptions {
  /** How often runs are expected; the newest older than twice this is stale. */
  expectedEveryMs?: number;
  /** Check titles by id (the run just made knows them all; history keeps only the failing ones'). */
  titles?: Record<string, string>;
  /** Where the page is published, for summary.json's page.url. */
  pageUrl?: string;
}
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A verdict's colour: its state's, so one legend explains every mark on the page. */
const colourOf = (meaning: VerdictMeaning) => STATE_COLOURS[meaning.state];
/** A verdict in words, as the legend and the tooltips say it. */
/** An incident's meaning: its kind's verdict, in its partial form while every run of it was answered in part. */
export const meaningOfIncident = (incident: Pick<Incident, 'verdict' | 'inPart'>): VerdictMeaning => meaningOfRun(incident.verdict, incident.inPart);

export interface Availability {
  held: number;
  completed: number;
  /** Percent, or undefined when no run completed in the window. */
  percent: number | undefined;
}

function share(verdicts: readonly string[]): Availability {
  const counted = verdicts.filter((verdict) => meaningOf(verdict).pluvos);
  const held = counted.filter((verdict) => meaningOf(verdict).held).length;
  return { held, completed: counted.length, percent: counted.length ? (100 * held) / counted.length : undefined };
}

/**
 * A run's time, parsed once: the page reads every line's in four windows, for the target and for
 * each of its checks (ninety days of ten organisations' hourly runs are 21,600 lines).
 */
const TIME = Symbol('time');
function timeOf(line: HistoryLine): number {
  const timed = line as HistoryLine & { [TIME]?: number };
  const known = timed[TIME];
  if (known !== undefined) return known;
  const time = Date.parse(line.at);
  // On the line itself, found faster than in a WeakMap; not enumerable, so a copy made with another time ({ ...line, at }) does not take it.
  Object.defineProperty(timed, TIME, { value: time });
  return time;
}

const inWindow = (line: HistoryLine, days: number, now: Date) => timeOf(line) > now.getTime() - days * DAY_MS;

/** Availability of a target over the last `days` before `now`: runs that said something of Pluvo, and of those the ones whose contracts held. */
export function availability(lines: readonly HistoryLine[], days: number, now: Date): Availability {
  return share(lines.filter((line) => inWindow(line, days, now)).map((line) => line.verdict));
}

/** A check's availability in each of WINDOWS, its lines read once: runs where it said something of Pluvo, and of those the ones it held. */
function checkAvailability(lines: readonly HistoryLine[], checkId: string, now: Date): Availability[] {
  const counts = WINDOWS.map(([, days]) => ({ since: now.getTime() - days * DAY_MS, held: 0, completed: 0 }));
  for (const line of lines) {
    const verdict = line.checks[checkId]?.[0];
    if (!verdict) continue;
    const meaning = meaningOf(verdict);
    if (!meaning.pluvos) continue;
    const time = timeOf(line);
    for (const window of counts)
      if (time > window.since) {
        window.completed += 1;
        if (meaning.held) window.held += 1;
      }
  }
  return counts.map(({ held, completed }) => ({ held, completed, percent: completed ? (100 * held) / completed : undefined }));
}

export interface Incident {
  /** The kind of trouble; its verdict names it. */
  kind: IncidentKind;
  verdict: RunVerdict;
  /** Every run of it was answered in part: the verdict's partial form (src/outcome/verdict.ts). */
  inPart: boolean;
  from: string;
  /** The first run that showed it over; absent while it lasts. */
  until?: string;
  runs: number;
  checks: string[];
  alerts: string[];
  /** What was wrong, as its latest run said it. */
  said?: string;
  /** The checks' titles, where the history kept them. */
  titles: string[];
  /** The newest report of it that was published. */
  report?: string;
}

/**
 * The last run in words: its verdict's name in bold, then what it said, never saying a thing twice
 * ("<b>Pluvo did not answer</b> (ECONNREFUSED …) before any check", not "Pluvo did not answer:
 * Pluvo did not answer (…)"); a monitor's error in brackets unless what it said names it.
 */
function lastRunInWords(last: HistoryLine): string {
  const name = meaningOfLine(last).name;
  const said = last.verdict === 'passed' ? undefined : last.said;
  if (said?.startsWith(name)) return `<b>${escape(name)}</b>${escape(said.slice(name.length))}`;
  const error = last.monitorError && !said?.includes(last.monitorError) ? ` (${escape(last.monitorError)})` : '';
  return `<b>${escape(name)}</b>${error}${said ? `: ${escape(said)}` : ''}`;
}

/** An alert in the incident's "alerts sent", as its reader says it: the first of the incident, a change, a reminder, its recovery. */
const SENT_AS: Record<AlertKind, string> = { failure: 'first', change: 'change', reminder: 'reminder', recovery: 'recovery', notice: 'notice', flaky: 'flaky' };

/** The alerts a line sent about an incident of this kind (a line of an older version kept one, of its own verdict). */
function alertsAbout(line: HistoryLine, kind: IncidentKind, ending: boolean): string[] {
  const sent = line.alerts ?? (line.alert ? [{ kind: line.alert, ...(ending ? { incident: kind } : { incident: meaningOf(line.verdict).incident }) }] : []);
  return sent.filter((alert) => alert.incident === kind && (alert.kind === 'recovery') === ending).map((alert) => `${SENT_AS[alert.kind]} at ${when(line.at)}`);
}

/**
 * The incidents in a history, each kind of trouble its own period, by the same rule as the
 * alerts (src/outcome/verdict.ts): a verdict opens or continues its kind's incident and ends the
 * kinds it shows over; a run that cannot tell (a monitor error, a stop) ends nothing.
 */
export function incidents(lines: readonly HistoryLine[]): Incident[] {
  const found: Incident[] = [];
  const open = new Map<IncidentKind, Incident>();
  for (const line of lines) {
    const meaning = meaningOf(line.verdict);
    for (const kind of meaning.clears) {
      const incident = open.get(kind);
      if (!incident) continue;
      incident.until = line.at;
      incident.alerts.push(...alertsAbout(line, kind, true));
      open.delete(kind);
    }
    const kind = meaning.incident;
    if (!kind) continue;
    const answered = !!meaning.inPart && lineAnsweredMost(line);
    let incident = open.get(kind);
    if (!incident) {
      incident = { kind, verdict: VERDICT_OF_INCIDENT[kind], inPart: answered, from: line.at, runs: 0, checks: [], alerts: [], titles: [] };
      open.set(kind, incident);
      found.push(incident);
    }
    // As bad as its worst run: one run that nothing answered makes the incident a whole outage.
    incident.inPart &&= answered;
    incident.runs += 1;
    if (line.said) incident.said = line.said;
    for (const [id, [verdict]] of Object.entries(line.checks))
      if (meaningOf(verdict).incident === kind && !incident.checks.includes(id)) incident.checks.push(id);
    for (const title of Object.values(line.titles ?? {})) if (!incident.titles.includes(title)) incident.titles.push(title);
    if (line.report) incident.report = line.report;
    incident.alerts.push(...alertsAbout(line, kind, false));
  }
  return found;
}

/** A time as people read it: minutes, UTC. */
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const percentText = (a: Availability) => (a.percent === undefined ? '–' : `${a.percent.toFixed(2)}%`);

function median(values: number[]): number | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, the middle index of no values is -1, which is undefined too; the guard says it.
  if (!values.length) return undefined;
  // A typed array sorts numbers as numbers, without a comparator: the chart takes a month of every organisation's runs.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The run's p50 (median of its checks' p50) and p95 (the highest of its checks' p95). */
export function runLatency(line: HistoryLine): { p50?: number; p95?: number } {
  // One loop over the checks: the chart reads a month of every organisation's runs.
  const p50s: number[] = [];
  let p95: number | undefined;
  for (const id in line.checks) {
    const [, checkP50, checkP95] = line.checks[id]!;
    if (checkP50 !== null) p50s.push(checkP50);
    if (checkP95 !== null && (p95 === undefined || checkP95 > p95)) p95 = checkP95;
  }
  const p50 = median(p50s);
  return { ...(p50 !== undefined ? { p50 } : {}), ...(p95 !== undefined ? { p95 } : {}) };
}

/** The chart's points: each run's, or with many runs a day's (the median p50 and the highest p95), so the page does not grow with the runs kept. */
function chartPoints(lines: readonly HistoryLine[], now: Date): Array<{ t: number; p50?: number; p95?: number }> {
  const since = now.getTime() - 30 * DAY_MS;
  // The window first: a run's latency reads each of its checks.
  const runs = lines
    .filter((line) => timeOf(line) > since)
    .map((line) => ({ t: timeOf(line), ...runLatency(line) }))
    .filter((p) => p.p95 !== undefined);
  if (runs.length <= MAX_CHART_RUNS) return runs;
  const byDay = new Map<number, typeof runs>();
  for (const run of runs) {
    const day = Math.floor(run.t / DAY_MS) * DAY_MS;
    byDay.set(day, [...(byDay.get(day) ?? []), run]);
  }
  return [...byDay].map(([day, points]) => {
    const p50 = median(points.map((p) => p.p50).filter((v): v is number => v !== undefined));
    return { t: day + DAY_MS / 2, ...(p50 !== undefined ? { p50 } : {}), p95: Math.max(...points.map((p) => p.p95 ?? 0)) };
  });
}

function latencyChart(lines: readonly HistoryLine[], now: Date): string {
  const width = 720;
  const height = 120;
  const points = chartPoints(lines, now);
  if (points.length < 2) return '<p class="muted">Not enough runs with timings for a latency chart yet.</p>';
  const t0 = points[0]!.t;
  const t1 = points.at(-1)!.t;
  const max = Math.max(...points.map((p) => p.p95 ?? 0), 1);
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * width);
  const y = (ms: number) => height - 2 - (ms / max) * (height - 8);
  const line = (key: 'p50' | 'p95') =>
    points
      .filter((p) => p[key] !== undefined)
      .map((p) => `${x(p.t).toFixed(1)},${y(p[key]!).toFixed(1)}`)
      .join(' ');
  const clock = (t: number) => escape(when(new Date(t).toISOString()));
  const per = points.length > MAX_CHART_RUNS || lines.length > MAX_CHART_RUNS ? 'per day' : 'per run';
  // The words are the page's own text, above and below the drawing: text inside a scaled SVG
  // shrank with it, to 5 px on a phone. The drawing stretches to the width and keeps its lines' width.
  const stroke = 'vector-effect="non-scaling-stroke"';
  return `<div class="axis"><span>0 to ${Math.round(max)} ms</span><span><span class="p50">p50</span> · <span class="p95">p95</span> (${per})</span></div>
<svg class="chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="latency p50 and p95 ${per}, from 0 to ${Math.round(max)} ms, ${clock(t0)} to ${clock(t1)}">
<polyline fill="none" stroke="#d0d7de" ${stroke} points="0,0 0,${height} ${width},${height}"/>
<polyline fill="none" stroke="#0969da" stroke-width="1.5" ${stroke} points="${line('p50')}"/><polyline fill="none" stroke="#cf222e" stroke-width="1.5" ${stroke} points="${line('p95')}"/></svg>
<div class="axis"><span>${clock(t0)}</span><span>${clock(t1)}</span></div>`;
}

/**
 * The latest runs, one bar each and the newest at the right end, so that the run just made is
 * always on the page (a bar as wide as the time until the next run left the last one outside).
 */
function latestRuns(lines: readonly HistoryLine[]): string {
  const width = 720;
  const bar = width / LATEST_RUNS;
  const recent = lines.slice(-LATEST_RUNS);
  const bars = recent.map((line, index) => {
    const x = width - (recent.length - index) * bar;
    const said = line.said ? `; ${line.said}` : line.monitorError ? `; ${line.monitorError}` : '';
    const meaning = meaningOfLine(line);
    return `<rect x="${x.toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="18" fill="${colourOf(meaning)}"><title>${escape(`${when(line.at)}: ${meaning.name}${said}`)}</title></rect>`;
  });
  const last = lines.at(-1)!;
  return `<svg class="timeline" viewBox="0 0 ${width} 18" preserveAspectRatio="none" role="img" aria-label="${escape(`the latest ${counted(recent.length, 'run')}; the newest, at the right: ${meaningOfLine(last).name} at ${when(last.at)}`)}">${bars.join('')}</svg><div class="axis"><span>${escape(when(recent[0]!.at))}</span><span>${escape(when(last.at))}</span></div>`;
}

/** One day's figure: runs that said something of Pluvo, held of those, and the worst state among them. */
interface Day {
  date: string;
  held: number;
  completed: number;
  state: ComponentState | undefined;
}

function days(lines: readonly HistoryLine[], now: Date, pick: (line: HistoryLine) => VerdictMeaning | undefined): Day[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const byDate = new Map<string, Day>();
  const result = Array.from({ length: DAYS }, (_, i) => {
    const date = new Date(today - (DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    const day: Day = { date, held: 0, completed: 0, state: undefined };
    byDate.set(date, day);
    return day;
  });
  for (const line of lines) {
    const day = byDate.get(line.at.slice(0, 10));
    const meaning = pick(line);
    if (!day || !meaning) continue;
    if (!day.state || STATE_ORDER.indexOf(meaning.state) < STATE_ORDER.indexOf(day.state)) day.state = meaning.state;
    if (!meaning.pluvos) continue;
    day.completed += 1;
    if (meaning.held) day.held += 1;
  }
  return result;
}

/**
 * Ninety daily bars: one strip for the days that were all well, and a bar with its date and
 * figure as text (its title, not colour alone) for each day that was not, so the page's size
 * grows with the trouble, not with the days.
 */
function dailyBars(found: Day[], label: string): string {
  const troubled = found
    .map((day, i) => ({ day, i }))
    .filter(({ day }) => day.state && day.state !== 'operational')
    .map(({ day, i }) => {
      const figure = day.completed ? `${day.held} of ${counted(day.completed, 'run')} held` : 'no verdict on Pluvo';
      // Only what differs from day to day is written: a rect's y is 0, and its height the picture's.
      return `<rect x="${i * 10}" width="8" height="24" fill="${STATE_COLOURS[day.state!]}"><title>${day.date}: ${figure}, ${STATE_LABELS[day.state!].toLowerCase()}</title></rect>`;
    });
  const first = found.findIndex((day) => day.state);
  const well = found.filter((day) => day.state === 'operational').length;
  const strip =
    first < 0
      ? ''
      : `<rect x="${first * 10}" width="${(DAYS - first) * 10 - 2}" height="24" fill="${STATE_COLOURS.operational}"><title>${counted(well, 'day')} operational</title></rect>`;
  return `<svg class="days" viewBox="0 0 ${DAYS * 10 - 2} 24" preserveAspectRatio="none" role="img" aria-label="${escape(`${label}: ${DAYS} days, ${troubled.length ? `${troubled.length} with trouble` : 'none with trouble'}`)}"><rect width="${DAYS * 10 - 2}" height="24" fill="#d0d7de"/>${strip}${troubled.join('')}</svg>`;
}

const ago = (ms: number) => (ms < 60_000 ? 'just now' : `${duration(ms)} ago`);

/** Whether the newest run is older than twice the expected interval: the monitor may have stopped. */
export function isStale(last: HistoryLine, now: Date, options: StatusPageOptions): boolean {
  return now.getTime() - timeOf(last) > 2 * (options.expectedEveryMs ?? HOUR_MS);
}

/** Each target's runs, in time order, the targets in the order of their first run; a target not checked for GONE_AFTER_DAYS is left out. */
export function runsByTarget(history: readonly HistoryLine[], now?: Date): Map<string, HistoryLine[]> {
  const byTarget = new Map<string, HistoryLine[]>();
  // Appended run by run, the history is almost always in order already: sorted only when it is not.
  const inOrder = history.every((line, nth) => nth === 0 || timeOf(history[nth - 1]!) <= timeOf(line));
  for (const line of inOrder ? history : [...history].sort((a, b) => timeOf(a) - timeOf(b)))
    (byTarget.get(line.targetKey) ?? byTarget.set(line.targetKey, []).get(line.targetKey)!).push(line);
  if (now) for (const [key, lines] of byTarget) if (now.getTime() - timeOf(lines.at(-1)!) > GONE_AFTER_DAYS * DAY_MS) byTarget.delete(key);
  return byTarget;
}

/** The state now, and stale (unknown) when the newest run is older than twice the expected interval. */
export function stateNow(last: HistoryLine, now: Date, options: StatusPageOptions): { state: ComponentState; stale?: string } {
  const every = options.expectedEveryMs ?? HOUR_MS;
  const age = now.getTime() - timeOf(last);
  if (isStale(last, now, options))
    return { state: 'unknown', stale: `Stale: last checked ${ago(age)}; runs are expected every ${duration(every)}. Is the monitor running?` };
  return { state: meaningOfLine(last).state };
}

/** An incident in words: its kind's headline, and what it was (which checks by title, or what the run said). */
export function incidentName(incident: Incident): string {
  const headline = meaningOfIncident(incident).headline;
  if (incident.kind === 'contract' && incident.titles.length)
    return `${headline}: ${incident.titles.slice(0, 3).join('; ')}${incident.titles.length > 3 ? ` and ${incident.titles.length - 3} more` : ''}`;
  // A monitor error's words begin with what its headline says already.
  const said = incident.said?.replace(/^the monitor itself failed: /, '');
  if (!said) return headline;
  return `${headline}: ${cutTo(said, MAX_SAID, '…')}`;
}

function incidentTable(found: Incident[], now: Date): string {
  if (!found.length) return '<p class="muted">No incidents in the kept history.</p>';
  const rows = found.slice(0, INCIDENTS_SHOWN).map((i) => {
    const lasted = (i.until ? Date.parse(i.until) : now.getTime()) - Date.parse(i.from);
    const report = i.report ? `<a href="${escape(i.report)}">report</a>` : '–';
    return `<tr class="incident" data-kind="${i.kind}" data-from="${escape(i.from)}"><td><span class="dot" style="background:${colourOf(meaningOfIncident(i))}"></span>${escape(incidentName(i))}</td><td class="num" data-label="from">${escape(when(i.from))}</td><td class="num" data-label="until">${i.until ? escape(when(i.until)) : '<b>ongoing</b>'}</td><td class="num" data-label="lasted">${escape(duration(lasted))}, ${counted(i.runs, 'run')}</td><td data-label="alerts sent">${escape(i.alerts.join('; ') || 'none')}</td><td data-label="report">${report}</td></tr>`;
  });
  const more =
    found.length > INCIDENTS_SHOWN ? `<p class="muted">And ${counted(found.length - INCIDENTS_SHOWN, 'older incident')}, in reports/history.jsonl.</p>` : '';
  return `<table><thead><tr><th>what</th><th>from</th><th>until</th><th>lasted</th><th>alerts sent</th><th>report</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>${more}`;
}

/**
 * The checks that were in trouble in some run of the window, each line read once (ninety days of
 * one organisation's hourly runs are 2,160 lines of 47 checks; asked check by check, the page of
 * ten organisations took a second more).
 */
function troubledChecks(lines: readonly HistoryLine[], now: Date): Set<string> {
  const troubled = new Set<string>();
  for (const line of lines) {
    if (!inWindow(line, DAYS, now)) continue;
    for (const id in line.checks) {
      const verdict = line.checks[id]![0];
      if (verdict === 'passed' || troubled.has(id)) continue;
      const meaning = meaningOf(verdict);
      if (meaning.state !== 'operational' && meaning.ran) troubled.add(id);
    }
  }
  return troubled;
}

function checkRows(lines: readonly HistoryLine[], now: Date, titles: Record<string, string>): string {
  const last = lines.at(-1)!;
  const name = (id: string) => (titles[id] && titles[id] !== id ? `${escape(titles[id])} <span class="muted">(${escape(id)})</span>` : escape(id));
  // Worst first: what needs a look is at the top. A check that held in every run of the window is in the list below the table.
  // Checks with no verdict now (skipped, not run) after those with one: grey says less than any colour.
  const rank = (id: string) => {
    const meaning = meaningOf(last.checks[id]![0]);
    return meaning.ran ? STATE_ORDER.indexOf(meaning.state) : STATE_ORDER.length;
  };
  const ids = Object.keys(last.checks).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const inTrouble = troubledChecks(lines, now);
  const shown = ids.filter((id) => last.checks[id]![0] !== 'passed' || inTrouble.has(id));
  const calm = ids.filter((id) => !shown.includes(id));
  const rows = shown.map((id) => {
    const [verdict, , p95] = last.checks[id]!;
    const inWindows = checkAvailability(lines, id, now);
    const cells = WINDOWS.map(([label], nth) => `<td class="num" data-label="${label}">${percentText(inWindows[nth]!)}</td>`).join('');
    return `<tr data-check="${escape(id)}"><td data-label="now"><span class="dot" style="background:${colourOf(meaningOf(verdict))}"></span>${escape(meaningOf(verdict).name)}</td><td>${name(id)}</td>${cells}<td class="num" data-label="p95 now">${p95 === null ? '–' : `${p95} ms`}</td><td data-label="${DAYS} days">${dailyBars(
      days(lines, now, (line) => (line.checks[id] ? meaningOf(line.checks[id][0]) : undefined)),
      id,
    )}</td></tr>`;
  });
  const table = rows.length
    ? `<table><thead><tr><th>now</th><th>check</th><th>24 h</th><th>7 d</th><th>30 d</th><th>90 d</th><th>p95 now</th><th>${DAYS} days</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
    : '';
  const list = calm.length
    ? `<details><summary>${counted(calm.length, 'check')} held in every run of the last ${DAYS} days</summary><ul class="calm">${calm.map((id) => `<li>${name(id)}</li>`).join('')}</ul></details>`
    : '';
  return table + list;
}

function targetSection(
  key: string,
  lines: readonly HistoryLine[],
  now: Date,
  options: StatusPageOptions,
  place: { anchor: string; collapsed: boolean },
): string {
  const last = lines.at(-1)!;
  const titles = { ...Object.assign({}, ...lines.map((line) => line.titles ?? {})), ...options.titles } as Record<string, string>;
  const { state, stale } = stateNow(last, now, options);
  const windows = WINDOWS.map(([label, days]) => {
    const a = availability(lines, days, now);
    return `<div class="tile" data-window="${days}" data-availability="${a.percent === undefined ? '' : a.percent.toFixed(2)}"><div class="big">${percentText(a)}</div><div class="muted">${label}: ${a.held} of ${counted(a.completed, 'run')} held</div></div>`;
  }).join('');
  const found = incidents(lines).reverse();
  const heading = `<h2><span class="dot" style="background:${STATE_COLOURS[state]}"></span>${escape(last.target)} <span class="state">${STATE_LABELS[state]}</span></h2>`;
  // An organisation with nothing to look at, among many, is one line until opened: the page is read for trouble.
  const [open, close] = place.collapsed ? [`<details><summary>${heading}</summary>`, '</details>'] : [heading, ''];
  return `<section data-target="${escape(key)}" data-state="${state}">
${open}
<p class="muted" id="${place.anchor}">Last checked ${escape(when(last.at))} (${ago(now.getTime() - timeOf(last))}): ${lastRunInWords(last)}${last.report ? `. <a href="${escape(last.report)}">The report</a>` : ''}</p>
${stale ? `<p class="stale" role="status">${escape(stale)}</p>\n` : ''}<div class="tiles">${windows}</div>
<h3>${DAYS} days</h3>${dailyBars(days(lines, now, meaningOfLine), last.target)}<div class="axis"><span>${DAYS} days ago</span><span>today</span></div>
<h3>Latest runs</h3>${latestRuns(lines)}
<h3>Latency</h3>${latencyChart(lines, now)}
<h3>Incidents</h3>${incidentTable(found, now)}
<h3>Checks</h3>${checkRows(lines, now, titles)}
${close}</section>`;
}

/** Organisations from which the page opens with a table of them all, and those with nothing to look at are collapsed. */
const OVERVIEW_FROM = 4;

/** Every organisation in one table, worst first as their sections: the state now, its availability, when last checked, a link to its section. */
function overview(targets: ReadonlyArray<{ key: string; lines: HistoryLine[]; state: ComponentState }>, now: Date): string {
  const rows = targets.map(({ key, lines, state }, nth) => {
    const last = lines.at(-1)!;
    const cells = WINDOWS.map(([label, days]) => `<td class="num" data-label="${label}">${percentText(availability(lines, days, now))}</td>`).join('');
    return `<tr data-target="${escape(key)}"><td><a href="#org-${nth + 1}">${escape(last.target)}</a></td><td data-label="now"><span class="dot" style="background:${STATE_COLOURS[state]}"></span>${STATE_LABELS[state]}</td>${cells}<td data-label="last checked">${escape(ago(now.getTime() - timeOf(last)))}</td></tr>`;
  });
  return `<h2>${targets.length} organisations</h2><table class="overview"><thead><tr><th>organisation</th><th>now</th>${WINDOWS.map(([label]) => `<th>${label}</th>`).join('')}<th>last checked</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** The page's first words: the worst organisation and what is wrong there, or that all is well. */
function headlineOf(targets: ReadonlyArray<{ lines: HistoryLine[]; state: ComponentState }>, now: Date): string {
  if (!targets.length) return '';
  const troubled = targets.filter((target) => target.state !== 'operational');
  const count = targets.length === 1 ? 'The organisation' : `All ${targets.length} organisations`;
  if (!troubled.length)
    return `<p class="headline" data-state="operational"><span class="dot" style="background:${STATE_COLOURS.operational}"></span>${count} operational.</p>`;
  const worst = troubled[0]!;
  const last = worst.lines.at(-1)!;
  // Each troubled organisation's open incident of its last run's trouble, found once: it reads all its history.
  const openNow = new Map(
    troubled.map(({ lines }) => [lines, incidents(lines).find((incident) => !incident.until && incident.kind === meaningOf(lines.at(-1)!.verdict).incident)]),
  );
  const open = openNow.get(worst.lines);
  const sinceOf = (from: string) => ` since ${when(from)} (${duration(now.getTime() - Date.parse(from))})`;
  // Trouble many share is one thing to look at, as the alerts and summary.json tell it: its extent first.
  const sharing = open ? troubled.filter((target) => openNow.get(target.lines)?.kind === open.kind) : [];
  if (open && sharing.length >= SHARED_INCIDENT_AT) {
    const from = sharing.map((target) => openNow.get(target.lines)!.from).sort()[0]!;
    const also = alsoOf(troubled.filter((target) => !sharing.includes(target)));
    return `<p class="headline" data-state="${worst.state}"><span class="dot" style="background:${STATE_COLOURS[worst.state]}"></span><b>${STATE_LABELS[worst.state]}: ${escape(meaningOfIncident(open).headline)} at ${sharing.length} of ${targets.length} organisations</b>${escape(sinceOf(from))}.${escape(also)}</p>`;
  }
  const since = open ? sinceOf(open.from) : '';
  const also = alsoOf(troubled.slice(1));
  const of = targets.length > 1 ? ` ${troubled.length} of ${targets.length} organisations need a look.` : '';
  return `<p class="headline" data-state="${worst.state}"><span class="dot" style="background:${STATE_COLOURS[worst.state]}"></span><b>${STATE_LABELS[worst.state]}: ${escape(last.target)}</b>, ${escape(meaningOfLine(last).name)}${escape(since)}.${escape(of)}${escape(also)}</p>`;
}

/** " Also: acme (partial outage), globex (major outage) and 2 more.": the other troubled organisations after the headline's, three named; '' for none. */
function alsoOf(others: ReadonlyArray<{ lines: HistoryLine[]; state: ComponentState }>): string {
  if (!others.length) return '';
  return ` Also: ${namedFew(
    others.map((target) => `${target.lines.at(-1)!.target} (${STATE_LABELS[target.state].toLowerCase()})`),
    3,
  )}.`;
}

/** "3 runs of 2 organisations": runs are counted once whatever the organisations they checked (their lines share the run's end). */
function historyCount(history: readonly HistoryLine[]): string {
  if (!history.length) return 'no runs';
  return `${counted(new Set(history.map((line) => line.at)).size, 'run')} of ${counted(new Set(history.map((line) => line.targetKey)).size, 'organisation')}`;
}

/** One legend for every mark on the page. */
function legend(): string {
  const items = STATE_ORDER.map(
    (state) =>
      `<li><span class="dot" style="background:${STATE_COLOURS[state]}"></span>${STATE_LABELS[state]}${state === 'unknown' ? ' (no verdict on Pluvo: not run, a stop, our own trouble)' : ''}</li>`,
  );
  return `<ul class="legend" aria-label="legend">${items.join('')}</ul>`;
}

/** The status page: the worst organisation first, in its first screen; healthy checks collapsed; one legend. */
export function statusPage(history: readonly HistoryLine[], now: Date = new Date(), options: StatusPageOptions = {}): string {
  const all = runsByTarget(history);
  const shown = runsByTarget(history, now);
  const targets = [...shown]
    .map(([key, lines]) => ({ key, lines, state: stateNow(lines.at(-1)!, now, options).state }))
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || a.lines.at(-1)!.target.localeCompare(b.lines.at(-1)!.target));
  const gone = [...all.keys()].filter((key) => !shown.has(key)).map((key) => all.get(key)!.at(-1)!.target);
  const many = targets.length >= OVERVIEW_FROM;
  const sections = targets
    .map(({ key, lines, state }, nth) => targetSection(key, lines, now, options, { anchor: `org-${nth + 1}`, collapsed: many && state === 'operational' }))
    .join('\n');
  const goneLine = gone.length ? `<p class="muted">Not checked for over ${GONE_AFTER_DAYS} days, so left out: ${escape(namedFew(gone, 10))}.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pluvo contract monitor: status</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;color:#1f2328;padding:0 16px;overflow-wrap:break-word}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:14px;margin:18px 0 6px;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
.muted{color:#57606a;font-weight:normal}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.headline{font-size:16px;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;margin:12px 0}
.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 16px;color:#57606a;font-size:13px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{flex:1 1 140px;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}.big{font-size:24px;font-weight:600}
.state{font-size:14px;font-weight:600;margin-left:6px}.stale{border:1px solid #9a6700;background:#fff8c5;border-radius:6px;padding:8px 12px}a{color:#0969da}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}td.num{text-align:right;white-space:nowrap}
ul.calm{columns:2 320px;font-size:13px}
section>details>summary{cursor:pointer;margin:28px 0 8px}section>details>summary>h2{display:inline;margin:0}p[id^="org-"]{scroll-margin-top:64px}
svg.chart{width:100%;height:120px;display:block}.p50{color:#0969da}.p95{color:#cf222e}svg.timeline{width:100%;height:18px;display:block;border-radius:3px}svg.days{width:100%;height:24px;display:block}
td svg.days{min-width:180px;height:16px}
.axis{display:flex;justify-content:space-between;color:#57606a;font-size:12px}
@media (max-width:640px){body{margin:12px auto;padding:0 10px}table,thead,tbody,tr,th,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}tr{border-bottom:1px solid #d0d7de;padding:6px 0}td{border:0;padding:2px 0;text-align:left}td.num{text-align:left;white-space:normal}td[data-label]::before{content:attr(data-label) ": ";color:#57606a}td svg.days{min-width:0}.overview td[data-label="7 days"],.overview td[data-label="30 days"],.overview td[data-label="90 days"]{display:none}}
</style></head><body>
<h1>Pluvo contract monitor</h1>
${headlineOf(targets, now)}
${legend()}
<div class="muted">Generated ${escape(when(now.toISOString()))} from ${escape(historyCount(history))} in history. Availability counts runs that said something of Pluvo, and of those the ones whose contracts held; the monitor's own failures, stops and checks that did not run count neither way.</div>
${many ? overview(targets, now) : ''}
${sections || '<p>No runs in history yet.</p>'}
${goneLine}
</body></html>
`;
}
