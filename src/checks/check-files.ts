import { loadBaseline, type Baseline } from '../baseline/baseline';
import { TargetFile } from '../baseline/target-file';
import type { MonitorConfig } from '../config/load-config';
import { loadDeprecationLog, type DeprecationLog } from '../drift/deprecation-log';

/**
 * The per-target files a run reads and may write. Against a live target, observations are kept
 * (schemas/baseline.json, schemas/deprecations.json). Against the embedded sandbox, which may be
 * running with faults, the shipped entries are read into memory and nothing is written: a demo
 * run must not change committed files.
 */
export function openCheckFiles(config: MonitorConfig): { baseline: Baseline; deprecations: DeprecationLog } {
  const baseline = loadBaseline();
  const deprecations = loadDeprecationLog();
  if (config.target.kind !== 'sandbox') return { baseline, deprecations };
  return {
    baseline: TargetFile.inMemory({ sandbox: baseline.entries('sandbox') }),
    deprecations: TargetFile.inMemory({ sandbox: deprecations.entries('sandbox') }),
  };
}
