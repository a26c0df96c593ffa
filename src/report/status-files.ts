import { join } from 'node:path';
import { AlertFiles, type HistoryLine } from './alert-files';
import { statusPage, type StatusPageOptions } from './status-page';
import { statusSummary } from './status-summary';

/**
 * Regenerate the status page (reports/status.html) and its figures in Statuspage's shape
 * (reports/summary.json) from the history just written; returns the page's path.
 */
export function writeStatusPage(reportsDir: string, history: readonly HistoryLine[], options: StatusPageOptions = {}, now = new Date()): string {
  const files = new AlertFiles(reportsDir);
  const path = join(reportsDir, 'status.html');
  files.write(path, statusPage(history, now, options));
  files.write(join(reportsDir, 'summary.json'), `${JSON.stringify(statusSummary(history, now, options), null, 2)}\n`);
  return path;
}
