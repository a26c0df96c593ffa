import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestRun, meaningOfLine, type HistoryLine } from './alert-files';
import { VERDICTS, type RunVerdict } from '../outcome/verdict';
import type { TargetEntry } from '../targets/targets-file';

/**
 * What the hourly workflow needs from a run, outside the run itself: the job matrix (one job an
 * organisation, holding only the secrets the targets file names for it), the job summary, and
 * the site published to GitHub Pages.
 */

/** The matrix of the workflow's target jobs: each organisation's name and its credential secrets' names. */
export function targetMatrix(targets: readonly TargetEntry[]): { include: Array<{ name: string; clientIdEnv: string; clientSecretEnv: string }> } {
  return { include: targets.map(({ name, clientIdEnv, clientSecretEnv }) => ({ name, clientIdEnv, clientSecretEnv })) };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: the latest run's verdict per organisation, what it said, and where to read more. */
export function jobSummary(history: readonly HistoryLine[], reportUrl?: string): string {
  const lines = latestRun(history);
  if (!lines.length) return '### Pluvo contract monitor\n\nNo run was recorded: see the log of the merge step.\n';
  const icon = (verdict: RunVerdict) => (VERDICTS[verdict].held ? '✅' : verdict === 'interrupted' ? '⏹️' : '❌');
  const rows = lines.map(
    (line) => `| ${cell(line.target)} | ${icon(line.verdict)} ${meaningOfLine(line).name} | ${cell(line.said ?? line.monitorError ?? 'every contract held')} |`,
  );
  const link = reportUrl ? `\n[The merged report](${reportUrl}) · the status page is published beside it.\n` : '';
  return `### Pluvo contract monitor, ${lines[0]!.at.slice(0, 16).replace('T', ' ')} UTC\n\n| organisation | verdict | what |\n|---|---|---|\n${rows.join('\n')}\n${link}`;
}

/** The Pages site: the status page as its index, summary.json and metrics beside it, the merged HTML report under report/. */
export function pagesSite(reports: string, site: string): string[] {
  mkdirSync(site, { recursive: true });
  const written: string[] = [];
  const copy = (from: string, to: string) => {
    if (!existsSync(join(reports, from))) return;
    cpSync(join(reports, from), join(site, to), { recursive: true });
    written.push(to);
  };
  copy('status.html', 'index.html');
  copy('summary.json', 'summary.json');
  copy('metrics.prom', 'metrics.prom');
  copy('html', 'report');
  // Served as files, not through Jekyll (which would hide the report's _-prefixed folders).
  writeFileSync(join(site, '.nojekyll'), '');
  return written;
}
