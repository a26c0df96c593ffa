import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutageMemory } from '../checks/check';
import { keyedName } from './keyed-name';

/**
 * A confirmed outage as every worker of the run sees it: one small file per target in the run's
 * own folder. Playwright restarts a worker after each failed test, so a memory in the worker would
 * make every failing check, and each retry, wait the whole confirmation again (four checks of one
 * broken operation: 96 s instead of 12 s).
 */
export function sharedOutage(runDir: string, targetKey: string): OutageMemory {
  const path = join(runDir, keyedName('outage', targetKey));
  return {
    confirmedAt: () => {
      try {
        const at = Number(readFileSync(path, 'utf8'));
        return Number.isFinite(at) && at > 0 ? at : undefined;
      } catch {
        return undefined;
      }
    },
    confirm: (at) => writeFileSync(path, String(at)),
    clear: () => rmSync(path, { force: true }),
  };
}
