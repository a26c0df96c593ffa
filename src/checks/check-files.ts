import type { MonitorConfig } from '../config/load-config';
import { loadBaseline, type Baseline } from '../knowledge/baseline';
import { loadDeprecationLog, type DeprecationLog } from '../knowledge/deprecation-log';
import type { Knowledge } from '../knowledge/layout';
import { TargetFile } from '../knowledge/target-file';

/**
 * The per-target files a run reads: its pins (baseline.json) and deprecation dates
 * (deprecations.json), as the target's knowledge keeps them. A run never writes them: what a check
 * observes for the first time travels in its result (Pin) and is written by the reporter once the
 * run has completed. The embedded sandbox's entries are read into copies that nothing keeps.
 */
export function openCheckFiles(config: MonitorConfig, knowledge: Knowledge): { baseline: Baseline; deprecations: DeprecationLog } {
  const baseline = loadBaseline(knowledge.baselinePath);
  const deprecations = loadDeprecationLog(knowledge.deprecationsPath);
  if (config.target.kind !== 'sandbox') return { baseline, deprecations };
  return {
    baseline: TargetFile.inMemory({ sandbox: baseline.entries('sandbox') }),
    deprecations: TargetFile.inMemory({ sandbox: deprecations.entries('sandbox') }),
  };
}
