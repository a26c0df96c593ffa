import { targetKey } from '../baseline/target-file';
import type { MonitorConfig } from '../config/load-config';
import type { TargetIdentity } from '../targets/targets-file';

/** A target as state, history and messages know it; a project name from a targets file leads its label. */
export function targetIdentity(config: Pick<MonitorConfig, 'target'>, projectName?: string): TargetIdentity {
  const key = targetKey(config.target);
  const where = config.target.kind === 'sandbox' ? 'the embedded sandbox' : (config.target.root ?? '');
  const named = projectName && projectName !== 'contract' ? projectName : undefined;
  return { key, label: named ? `${named} (${where})` : where };
}
