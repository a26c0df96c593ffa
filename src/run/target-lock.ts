import { join } from 'node:path';
import { type HeldLock, takeLock } from '../process/exclusive-lock';
import { keyedName } from './keyed-name';

const RETRY_MS = 50;

/**
 * One worker at a time sends a target's requests, so that its concurrency bound is the target's,
 * not the worker's: Playwright starts the next worker of a project while the one before it still
 * stops (after a failed test), and that one finishes its checks first (RunAhead.settle). The lock
 * names its process, so a worker that was killed holds it no longer.
 */
export async function takeTargetLock(
  runDir: string,
  targetKey: string,
  sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<HeldLock> {
  const path = join(runDir, `${keyedName('worker', targetKey)}.lock`);
  for (;;) {
    const taken = takeLock(path, 'worker');
    if (taken.taken) return taken.lock;
    await sleep(RETRY_MS);
  }
}
