import { join } from 'node:path';
import { AlertFiles, type HistoryLine } from './alert-files';
import type { CheckOutcome, RunVerdict } from './run-summary';

/** Runs whose contracts held: the numerator of availability. */
const HELD: ReadonlySet<RunVerdict> = new Set(['passed', 'flaky', 'degraded']);
/**
 * Runs that say nothing about Pluvo's availability either way: the monitor's own failure, a stop,
 * its own budget, our own setup, our refused client. Only runs that asked Pluvo and got a verdict
 * (held, broken, unavailable, throttled) count.
 */
const NOT_PLUVOS: ReadonlySet<RunVerdict> = new Set(['monitor-error', 'interrupted', 'budget-exceeded', 'not-onboarded', 'credentials-refused']);
const HELD_CHECK: ReadonlySet<CheckOutcome> = new Set(['passed', 'flaky', 'degraded']);
const WINDOWS = [
  ['24 hours', 1],
  ['7 days', 7],
  ['30 days', 30],
] as const;

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
  const held = completed.filter((line) => HELD.has(line.verdict)).length;
  return { held, completed: completed.length, percent: completed.length ? (100 * held) / completed.length : undefined };
}

function checkAvailability(lines: readonly HistoryLine[], checkId: string, days: number, now: Date): Availability {
  const since = now.getTime() - days * 86_400_000;
  const outcomes = lines
    .filter((line) => Date.parse(line.at) > since)
    .map((line) => line.checks[checkId]?.[0])
    .filter((o): o is CheckOutcome => !!o && o !== 'skipped');
  const held = outcomes.filter((o) => HELD_CHECK.has(o)).length;
  return { held, completed: outcomes.length, percent: outcomes.length ? (100 * held) / outcomes.length : undefined };
}

export interface Incident {
  verdict: RunVerdict;
  from: string;
  /** The first run after it that held; absent while it lasts. */
  until?: string;
  runs: number;
  checks: string[];
  alerts: string[];
}

/** Consecutive runs that did not hold (or in which the monitor failed), as periods. */
export function incidents(lines: readonly HistoryLine[]): Incident[] {
  const found: Incident[] = [];
  let open: Incident | undefined;
  for (const line of lines) {
    if (HELD.has(line.verdict) && line.verdict !== 'degraded') {
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
      open = { verdict: line.verdict, from: line.at, runs: 0, checks: [], alerts: [] };
      found.push(open);
    }
    open.runs += 1;
    for (const id of bad) if (!open.checks.includes(id)) open.checks.push(id);
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

function timeline(lines: readonly HistoryLine[], now: Date): string {
  const width = 720;
  // Thirty days, or the whole history when it is shorter (at least an hour), so a new monitor's
  // first runs are visible rather than a sliver at the edge.
  const first = Date.parse(lines[0]!.at);
  const since = Math.max(now.getTime() - 30 * 86_400_000, Math.min(first, now.getTime() - 3_600_000));
  const span = now.getTime() - since;
  const recent = lines.filter((line) => Date.parse(line.at) >= since);
  const bars = recent.map((line, index) => {
    const start = Date.parse(line.at);
    const end = Math.min(now.getTime(), Date.parse(recent[index + 1]?.at ?? now.toISOString()));
    const x = ((start - since) / span) * width;
    const w = Math.max(2, ((end - start) / span) * width);
    return `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="18" fill="${COLOURS[line.verdict] ?? '#8c959f'}"><title>${escape(`${when(line.at)}: ${line.verdict}`)}</title></rect>`;
  });
  return `<svg class="timeline" viewBox="0 0 ${width} 18" preserveAspectRatio="none" role="img" aria-label="run verdicts over time">${bars.join('')}</svg><div class="axis"><span>${escape(when(new Date(since).toISOString()))}</span><span>now</span></div>`;
}

function sparkline(lines: readonly HistoryLine[], checkId: string): string {
  const values = lines
    .slice(-48)
    .map((line) => line.checks[checkId]?.[2])
    .filter((v): v is number => typeof v === 'number');
  if (values.length < 2) return '';
  const max = Math.max(...values, 1);
  const points = values.map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(1)},${(20 - (v / max) * 18).toFixed(1)}`).join(' ');
  return `<svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline fill="none" stroke="#cf222e" points="${points}"/></svg>`;
}

function targetSection(key: string, lines: readonly HistoryLine[], now: Date): string {
  const last = lines.at(-1)!;
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
      const cells = WINDOWS.map(([, days]) => `<td class="num">${percentText(checkAvailability(lines, id, days, now))}</td>`).join('');
      return `<tr data-check="${escape(id)}"><td><span class="dot" style="background:${COLOURS[outcome]}"></span>${escape(outcome)}</td><td>${escape(id)}</td>${cells}<td class="num">${p95 === null ? '–' : `${p95} ms`}</td><td>${sparkline(lines, id)}</td></tr>`;
    })
    .join('\n');
  const found = incidents(lines).reverse();
  const incidentRows = found.length
    ? found
        .map(
          (i) =>
            `<tr class="incident" data-verdict="${escape(i.verdict)}"><td><span class="dot" style="background:${COLOURS[i.verdict]}"></span>${escape(i.verdict)}</td><td class="num">${escape(when(i.from))}</td><td class="num">${i.until ? escape(when(i.until)) : '<b>ongoing</b>'}</td><td class="num">${i.runs}</td><td>${escape(i.checks.slice(0, 6).join(', '))}${i.checks.length > 6 ? ` and ${i.checks.length - 6} more` : ''}</td><td>${escape(i.alerts.join('; ') || 'none')}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="6" class="muted">No incidents in the kept history.</td></tr>';
  return `<section data-target="${escape(key)}">
<h2><span class="dot" style="background:${COLOURS[last.verdict]}"></span>${escape(last.target)} <span class="muted">· now: <b>${escape(last.verdict)}</b> at ${escape(when(last.at))}${last.monitorError ? ` (${escape(last.monitorError)})` : ''}</span></h2>
<div class="tiles">${windows}</div>
<h3>Runs (30 days at most)</h3>${timeline(lines, now)}
<h3>Latency</h3>${latencyChart(lines, now)}
<h3>Incidents</h3><table><thead><tr><th>verdict</th><th>from</th><th>until</th><th>runs</th><th>checks</th><th>alerts sent</th></tr></thead><tbody>${incidentRows}</tbody></table>
<h3>Checks</h3><table><thead><tr><th>now</th><th>check</th><th>24 h</th><th>7 d</th><th>30 d</th><th>p95 now</th><th>p95, last 48 runs</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

/** The status page: one self-contained HTML file (no script, no CDN) that opens from disk. */
export function statusPage(history: readonly HistoryLine[], now: Date = new Date()): string {
  const byTarget = new Map<string, HistoryLine[]>();
  for (const line of [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))
    (byTarget.get(line.targetKey) ?? byTarget.set(line.targetKey, []).get(line.targetKey)!).push(line);
  const sections = [...byTarget].map(([key, lines]) => targetSection(key, lines, now)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pluvo contract monitor: status</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:980px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:14px;margin:18px 0 6px;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
.muted{color:#57606a;font-weight:normal}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.tiles{display:flex;gap:12px}.tile{flex:1;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}.big{font-size:24px;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}td.num{text-align:right;white-space:nowrap}
svg.chart{width:100%;height:auto;font-size:10px;fill:#57606a}svg.timeline{width:100%;height:18px;display:block;border-radius:3px}svg.spark{width:120px;height:20px}
.axis{display:flex;justify-content:space-between;color:#57606a;font-size:11px}
</style></head><body>
<h1>Pluvo contract monitor</h1><div class="muted">Generated ${escape(now.toISOString())} from ${history.length} run(s) in history. Availability counts completed runs whose contracts held; runs in which the monitor itself failed count neither way.</div>
${sections || '<p>No runs in history yet.</p>'}
</body></html>
`;
}

/** Regenerate reports/status.html from the history just written; returns its path. */
export function writeStatusPage(reportsDir: string, history: readonly HistoryLine[]): string {
  const path = join(reportsDir, 'status.html');
  new AlertFiles(reportsDir).write(path, statusPage(history));
  return path;
}
