import type { Target } from '../config/load-config';
import { targetKey } from '../knowledge/target-file';

/** How a target is known in state, history and messages: its key (the root) and a label for people. */
export interface TargetIdentity {
  key: string;
  label: string;
}

/** A target as state, history and messages know it; a project name from a targets file leads its label. */
export function targetIdentity(config: { target: Target }, projectName?: string): TargetIdentity {
  const key = targetKey(config.target);
  const where = config.target.kind === 'sandbox' ? 'the embedded sandbox' : (config.target.root ?? '');
  const named = projectName && projectName !== 'contract' ? projectName : undefined;
  return { key, label: named ? `${named} (${where})` : where };
}
