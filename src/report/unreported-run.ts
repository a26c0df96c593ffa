import type { TargetIdentity } from '../targets/target-identity';
import { AlertFiles, historyLine } from './alert-files';
import { writeStatusPage } from './status-files';

/**
 * A run whose runner was ended before its reporters could write anything (a second Ctrl-C, the
 * grace period spent): still one history line per target, as interrupted and why, so the history
 * and the status page never skip a run that began. Nobody is alerted: someone stopped it.
 */
export function recordRunWithoutReports(reportsDir: string, targets: readonly TargetIdentity[], reason: string, at: Date = new Date()): void {
  const files = new AlertFiles(reportsDir);
  const lines = targets.map((target) =>
    historyLine(
      { at: at.toISOString(), target: target.label, targetKey: target.key, verdict: 'interrupted', monitorError: reason, checks: [], notices: [] },
      [],
    ),
  );
  writeStatusPage(reportsDir, files.appendHistory(lines, at));
}
