import { duration } from './advice';
import type { HistoryLine } from './alert-files';
import { held, type CheckOutcome, type RunVerdict } from './run-summary';
import { componentState, STATE_COLOURS, STATE_LABELS, STATE_ORDER, type ComponentState } from './component-state';

/**
 * Runs that say nothing about Pluvo's availability either way: the monitor's own failure, a stop,
 * its own budget, our own setup, our refused client. Only runs that asked Pluvo and got a verdict
 * (held, broken, unavailable, throttled) count.
 */
const NOT_PLUVOS: ReadonlySet<RunVerdict> = new Set(['monitor-error', 'interrupted', 'budget-exceeded', 'not-onboarded', 'credentials-refused']);
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

export interface StatusPageOptions {
  /** How often runs are expected; the newest older than twice this is stale. */
  expectedEveryMs?: number;
  /** Check titles by id (the run just made knows them all; history keeps only the failing ones'). */
  titles?: Record<string, string>;
  /** Where the page is published, for summary.json's page.url. */
  pageUrl?: string;
}
const HOUR_MS = 3_600_000;

// Typed by every verdict and outcome, so a new one cannot go without a colour (it once drew background:undefined).
const COLOURS: Record<RunVerdict | CheckOutcome, string> = {
  passed: '#1a7f37',
  flaky: '#9a6700',
  degraded: '#bf8700',
  failed: '#cf222e',
  unavailable: '#8250df',
  throttled: '#8250df',
  'budget-exceeded': '#57606a',
  'not-onboarded': '#57606a',
  'credentials-refused': '#bc4c00',
  'monitor-error': '#57606a',
  interrupted: '#8c959f',
  skipped: '#8c959f',
};

export interface Availability {
  held: number;
  completed: number;
  /** Percent, or undefined when no run completed in the window. */
  percent: number | undefined;
}

/** Availability of a target over the last `days` before `now`: completed runs whose contracts held. */
export function availability(lines: readonly HistoryLine[], days: number, now: Date): Availability {
  const since = now.getTime() - days * 86_400_000;
  const completed = lines.filter((line) => Date.parse(line.at) > since && !NOT_PLUVOS.has(line.verdict));
  const count = completed.filter((line) => held(line.verdict)).length;
  return { held: count, completed: completed.length, percent: completed.length ? (100 * count) / completed.length : undefined };
}

function checkAvailability(lines: readonly HistoryLine[], checkId: string, days: number, now: Date): Availability {
  const since = now.getTime() - days * 86_400_000;
  const outcomes = lines
    .filter((line) => Date.parse(line.at) > since)
    .map((line) => line.checks[checkId]?.[0])
    .filter((o): o is CheckOutcome => !!o && o !== 'skipped');
  const count = outcomes.filter(held).length;
  return { held: count, completed: outcomes.length, percent: outcomes.length ? (100 * count) / outcomes.length : undefined };
}

export interface Incident {
  verdict: RunVerdict;
  from: string;
  /** The first run after it that held; absent while it lasts. */
  until?: string;
  runs: number;
  checks: string[];
  alerts: string[];
  /** What was wrong, as the first run of it said (its line under the verdict). */
  said?: string;
  /** The checks' titles, where the history kept them. */
  titles: string[];
  /** The newest report of it that was published. */
  report?: string;
}

/** Consecutive runs that did not hold (or in which the monitor failed), as periods. */
export function incidents(lines: readonly HistoryLine[]): Incident[] {
  const found: Incident[] = [];
  let open: Incident | undefined;
  for (const line of lines) {
    if (held(line.verdict) && line.verdict !== 'degraded') {
      if (open) open.until = line.at;
      // The recovery is told on the run that ends the incident.
      if (open && line.alert) open.alerts.push(`${line.alert} at ${when(line.at)}`);
      open = undefined;
      continue;
    }
    const bad = Object.entries(line.checks)
      .filter(([, [o]]) => o === 'failed' || o === 'degraded')
      .map(([id]) => id);
    if (!open || open.verdict !== line.verdict) {
      if (open) open.until = line.at;
      open = { verdict: line.verdict, from: line.at, runs: 0, checks: [], alerts: [], titles: [], ...(line.said ? { said: line.said } : {}) };
      found.push(open);
    }
    open.runs += 1;
    for (const id of bad) if (!open.checks.includes(id)) open.checks.push(id);
    for (const title of Object.values(line.titles ?? {})) if (!open.titles.includes(title)) open.titles.push(title);
    if (line.report) open.report = line.report;
    if (line.alert) open.alerts.push(`${line.alert} at ${when(line.at)}`);
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
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The run's p50 (median of its checks' p50) and p95 (the highest of its checks' p95). */
export function runLatency(line: HistoryLine): { p50?: number; p95?: number } {
  const p50s = Object.values(line.checks)
    .map(([, p50]) => p50)
    .filter((v): v is number => v !== null);
  const p95s = Object.values(line.checks)
    .map(([, , p95]) => p95)
    .filter((v): v is number => v !== null);
  const p50 = median(p50s);
  return { ...(p50 !== undefined ? { p50 } : {}), ...(p95s.length ? { p95: Math.max(...p95s) } : {}) };
}

function latencyChart(lines: readonly HistoryLine[], now: Date): string {
  const width = 720;
  const height = 160;
  const since = now.getTime() - 30 * 86_400_000;
  const points = lines.map((line) => ({ t: Date.parse(line.at), ...runLatency(line) })).filter((p) => p.t > since && p.p95 !== undefined);
  if (points.length < 2) return '<p class="muted">Not enough runs with timings for a latency chart yet.</p>';
  const t0 = points[0]!.t;
  const t1 = points.at(-1)!.t;
  const max = Math.max(...points.map((p) => p.p95 ?? 0), 1);
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - 50)) + 45;
  const y = (ms: number) => height - 20 - (ms / max) * (height - 40);
  const line = (key: 'p50' | 'p95') =>
    points
      .filter((p) => p[key] !== undefined)
      .map((p) => `${x(p.t).toFixed(1)},${y(p[key]!).toFixed(1)}`)
      .join(' ');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="latency p50 and p95 over time">
<line x1="45" y1="${height - 20}" x2="${width - 5}" y2="${height - 20}" stroke="#d0d7de"/><line x1="45" y1="10" x2="45" y2="${height - 20}" stroke="#d0d7de"/>
<text x="45" y="12">${Math.round(max)} ms</text><text x="40" y="${height - 20}" text-anchor="end">0</text>
<text x="45" y="${height - 4}">${escape(new Date(t0).toISOString().slice(0, 16).replace('T', ' '))}</text><text x="${width - 5}" y="${height - 4}" text-anchor="end">${escape(new Date(t1).toISOString().slice(0, 16).replace('T', ' '))}</text>
<polyline fill="none" stroke="#0969da" stroke-width="1.5" points="${line('p50')}"/><polyline fill="none" stroke="#cf222e" stroke-width="1.5" points="${line('p95')}"/>
<text x="${width - 5}" y="24" text-anchor="end"><tspan fill="#0969da">p50</tspan> · <tspan fill="#cf222e">p95</tspan> (per run)</text></svg>`;
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
    return `<rect x="${x.toFixed(1)}" y="0" width="${(bar - 1).toFixed(1)}" height="18" fill="${COLOURS[line.verdict] ?? '#8c959f'}"><title>${escape(`${when(line.at)}: ${line.verdict}${said}`)}</title></rect>`;
  });
  const last = lines.at(-1)!;
  return `<svg class="timeline" viewBox="0 0 ${width} 18" preserveAspectRatio="none" role="img" aria-label="${escape(`the latest ${recent.length} runs; the newest, at the right: ${last.verdict} at ${when(last.at)}`)}">${bars.join('')}</svg><div class="axis"><span>${escape(when(recent[0]!.at))}</span><span>${escape(when(last.at))}</span></div>`;
}

/** One day's figure: runs that asked Pluvo, held of completed, and the worst state among them. */
interface Day {
  date: string;
  held: number;
  completed: number;
  state: ComponentState | undefined;
}

function days(lines: readonly HistoryLine[], now: Date, pick: (line: HistoryLine) => RunVerdict | CheckOutcome | undefined): Day[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const byDate = new Map<string, Day>();
  const result = Array.from({ length: DAYS }, (_, i) => {
    const date = new Date(today - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const day: Day = { date, held: 0, completed: 0, state: undefined };
    byDate.set(date, day);
    return day;
  });
  for (const line of lines) {
    const day = byDate.get(line.at.slice(0, 10));
    const what = pick(line);
    if (!day || !what) continue;
    const state = componentState(what);
    if (!day.state || STATE_ORDER.indexOf(state) < STATE_ORDER.indexOf(day.state)) day.state = state;
    if (NOT_PLUVOS.has(what as RunVerdict) || what === 'skipped') continue;
    day.completed += 1;
    if (held(what)) day.held += 1;
  }
  return result;
}

/** Ninety daily bars, each with its date and figure as text (its title), not by colour alone. */
function dailyBars(found: Day[], label: string): string {
  const bars = found.map((day, i) => {
    const figure = day.completed
      ? `${((100 * day.held) / day.completed).toFixed(2)}% (${day.held} of ${day.completed} runs held)`
      : day.state
        ? 'no verdict on Pluvo'
        : 'no runs';
    const state = day.state ? `, ${STATE_LABELS[day.state].toLowerCase()}` : '';
    return `<rect x="${i * 10}" y="0" width="8" height="24" rx="1" fill="${day.state ? STATE_COLOURS[day.state] : '#d0d7de'}"><title>${day.date}: ${figure}${state}</title></rect>`;
  });
  const worst = found.filter((day) => day.state && day.state !== 'operational').length;
  return `<svg class="days" viewBox="0 0 ${DAYS * 10 - 2} 24" preserveAspectRatio="none" role="img" aria-label="${escape(`${label}: ${DAYS} days, ${worst ? `${worst} with trouble` : 'none with trouble'}`)}">${bars.join('')}</svg>`;
}

const ago = (ms: number) => (ms < 60_000 ? 'just now' : `${duration(ms)} ago`);

/** Whether the newest run is older than twice the expected interval: the monitor may have stopped. */
export function isStale(last: HistoryLine, now: Date, options: StatusPageOptions): boolean {
  return now.getTime() - Date.parse(last.at) > 2 * (options.expectedEveryMs ?? HOUR_MS);
}

/** Each target's runs, in time order, the targets in the order of their first run. */
export function runsByTarget(history: readonly HistoryLine[]): Map<string, HistoryLine[]> {
  const byTarget = new Map<string, HistoryLine[]>();
  for (const line of [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))
    (byTarget.get(line.targetKey) ?? byTarget.set(line.targetKey, []).get(line.targetKey)!).push(line);
  return byTarget;
}

/** The state now, and stale (unknown) when the newest run is older than twice the expected interval. */
function stateNow(last: HistoryLine, now: Date, options: StatusPageOptions): { state: ComponentState; stale?: string } {
  const every = options.expectedEveryMs ?? HOUR_MS;
  const age = now.getTime() - Date.parse(last.at);
  if (isStale(last, now, options))
    return { state: 'unknown', stale: `Stale: last checked ${ago(age)}; runs are expected every ${duration(every)}. Is the monitor running?` };
  return { state: componentState(last.verdict) };
}

/** An incident in words: what, as the run said it, and which checks by title. */
function incidentName(incident: Incident): string {
  if (incident.verdict === 'failed' && incident.titles.length)
    return `Contract broken: ${incident.titles.slice(0, 3).join('; ')}${incident.titles.length > 3 ? ` and ${incident.titles.length - 3} more` : ''}`;
  if (incident.said) return incident.said.charAt(0).toUpperCase() + incident.said.slice(1);
  return incident.verdict;
}

function targetSection(key: string, lines: readonly HistoryLine[], now: Date, options: StatusPageOptions): string {
  const last = lines.at(-1)!;
  const titles = { ...Object.assign({}, ...lines.map((line) => line.titles ?? {})), ...options.titles } as Record<string, string>;
  const { state, stale } = stateNow(last, now, options);
  const windows = WINDOWS.map(([label, days]) => {
    const a = availability(lines, days, now);
    return `<div class="tile" data-window="${days}" data-availability="${a.percent === undefined ? '' : a.percent.toFixed(2)}"><div class="big">${percentText(a)}</div><div class="muted">${label}: ${a.held} of ${a.completed} runs held</div></div>`;
  }).join('');
  // Worst first: what needs a look is at the top.
  const severity: Record<string, number> = { failed: 0, degraded: 1, flaky: 2, skipped: 4 };
  const checkIds = Object.keys(last.checks).sort((a, b) => (severity[last.checks[a]![0]] ?? 3) - (severity[last.checks[b]![0]] ?? 3) || a.localeCompare(b));
  const rows = checkIds
    .map((id) => {
      const [outcome, , p95] = last.checks[id]!;
      const cells = WINDOWS.map(([label, days]) => `<td class="num" data-label="${label}">${percentText(checkAvailability(lines, id, days, now))}</td>`).join(
        '',
      );
      const name = titles[id] && titles[id] !== id ? `${escape(titles[id])} <span class="muted">(${escape(id)})</span>` : escape(id);
      return `<tr data-check="${escape(id)}"><td data-label="now"><span class="dot" style="background:${COLOURS[outcome]}"></span>${escape(outcome)}</td><td>${name}</td>${cells}<td class="num" data-label="p95 now">${p95 === null ? '–' : `${p95} ms`}</td><td data-label="${DAYS} days">${dailyBars(
        days(lines, now, (line) => line.checks[id]?.[0]),
        id,
      )}</td></tr>`;
    })
    .join('\n');
  const found = incidents(lines).reverse();
  const incidentRows = found.length
    ? found
        .map((i) => {
          const lasted = (i.until ? Date.parse(i.until) : now.getTime()) - Date.parse(i.from);
          const report = i.report ? `<a href="${escape(i.report)}">report</a>` : '–';
          return `<tr class="incident" data-verdict="${escape(i.verdict)}"><td><span class="dot" style="background:${COLOURS[i.verdict]}"></span>${escape(incidentName(i))}</td><td class="num" data-label="from">${escape(when(i.from))}</td><td class="num" data-label="until">${i.until ? escape(when(i.until)) : '<b>ongoing</b>'}</td><td class="num" data-label="lasted">${escape(duration(lasted))}, ${i.runs} run${i.runs === 1 ? '' : 's'}</td><td data-label="alerts sent">${escape(i.alerts.join('; ') || 'none')}</td><td data-label="report">${report}</td></tr>`;
        })
        .join('\n')
    : '<tr><td colspan="6" class="muted">No incidents in the kept history.</td></tr>';
  return `<section data-target="${escape(key)}" data-state="${state}">
<h2><span class="dot" style="background:${STATE_COLOURS[state]}"></span>${escape(last.target)} <span class="state">${STATE_LABELS[state]}</span></h2>
<p class="muted">Last checked ${escape(when(last.at))} (${ago(now.getTime() - Date.parse(last.at))}): <b>${escape(last.verdict)}</b>${last.monitorError ? ` (${escape(last.monitorError)})` : ''}${last.said && last.verdict !== 'passed' ? `: ${escape(last.said)}` : ''}${last.report ? `. <a href="${escape(last.report)}">The report</a>` : ''}</p>
${stale ? `<p class="stale" role="status">${escape(stale)}</p>\n` : ''}<div class="tiles">${windows}</div>
<h3>${DAYS} days</h3>${dailyBars(
    days(lines, now, (line) => line.verdict),
    last.target,
  )}<div class="axis"><span>${DAYS} days ago</span><span>today</span></div>
<h3>Latest runs</h3>${latestRuns(lines)}
<h3>Latency</h3>${latencyChart(lines, now)}
<h3>Incidents</h3><table><thead><tr><th>what</th><th>from</th><th>until</th><th>lasted</th><th>alerts sent</th><th>report</th></tr></thead><tbody>${incidentRows}</tbody></table>
<h3>Checks</h3><table><thead><tr><th>now</th><th>check</th><th>24 h</th><th>7 d</th><th>30 d</th><th>90 d</th><th>p95 now</th><th>${DAYS} days</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

/** The status page: one self-contained HTML file (no script, no CDN) that opens from disk. */
export function statusPage(history: readonly HistoryLine[], now: Date = new Date(), options: StatusPageOptions = {}): string {
  const sections = [...runsByTarget(history)].map(([key, lines]) => targetSection(key, lines, now, options)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pluvo contract monitor: status</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:980px;color:#1f2328;padding:0 16px;overflow-wrap:anywhere}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:14px;margin:18px 0 6px;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
.muted{color:#57606a;font-weight:normal}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{flex:1 1 140px;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}.big{font-size:24px;font-weight:600}
.state{font-size:14px;font-weight:600;margin-left:6px}.stale{border:1px solid #9a6700;background:#fff8c5;border-radius:6px;padding:8px 12px}a{color:#0969da}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}td.num{text-align:right;white-space:nowrap}
svg.chart{width:100%;height:auto;font-size:10px;fill:#57606a}svg.timeline{width:100%;height:18px;display:block;border-radius:3px}svg.days{width:100%;height:24px;display:block}svg.spark{width:120px;height:20px}
td svg.days{min-width:180px;height:16px}
.axis{display:flex;justify-content:space-between;color:#57606a;font-size:12px}
@media (max-width:640px){body{margin:12px auto;padding:0 10px}table,thead,tbody,tr,th,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}tr{border-bottom:1px solid #d0d7de;padding:6px 0}td{border:0;padding:2px 0;text-align:left}td.num{text-align:left;white-space:normal}td[data-label]::before{content:attr(data-label) ": ";color:#57606a}td svg.days{min-width:0}}
</style></head><body>
<h1>Pluvo contract monitor</h1><div class="muted">Generated ${escape(when(now.toISOString()))} from ${history.length} run(s) in history. Availability counts completed runs whose contracts held; runs in which the monitor itself failed count neither way.</div>
${sections || '<p>No runs in history yet.</p>'}
</body></html>
`;
}
