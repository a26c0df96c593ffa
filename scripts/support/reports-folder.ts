/**
 * The one line for a reports folder that cannot be written (read-only, a file in its place, a full
 * disk), with the system's code, as each command that keeps its reports there says it before any work.
 */
export function unwritableReports(reports: string, code: string, keeper: 'the run' | 'the monitor' | 'the merge'): string {
  return `${reports}/ cannot be written (${code}): ${keeper} could keep no report there. Make it writable, or set PLUVO_REPORTS_DIR to a folder that is.`;
}
