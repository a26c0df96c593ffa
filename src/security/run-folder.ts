import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning, pidIn } from '../process/pid-file';

/**
 * A run's own files (the request ledger every worker counts in, and the secrets file the workers
 * and reporters share) live in a folder of their own under the system's temp: 0700, since the
 * secrets file holds tokens. The runner that made it removes it when it exits; a runner killed
 * outright (SIGKILL, the OOM killer) cannot, so the next run removes what such runners left.
 */
export const RUN_FOLDER_PREFIX = 'pluvo-run-';
/** The pid of the runner that made the folder: while it runs, the folder is in use. */
const OWNER_FILE = 'owner';
/**
 * A folder without an owner file is one being made this instant (mkdtemp, then the owner file), or
 * one from a machine that crashed between the two: only the second is this old.
 */
const UNOWNED_GRACE_MS = 60 * 60 * 1000;

export interface RunFiles {
  dir: string;
  ledger: string;
  secrets: string;
}

/** This run's files, fresh and empty, after clearing away the folders of runners that were killed. */
export function createRunFolder(parent: string = tmpdir()): RunFiles {
  removeAbandonedRunFolders(parent);
  const dir = mkdtempSync(join(parent, RUN_FOLDER_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  const files = { dir, ledger: join(dir, 'requests'), secrets: join(dir, 'secrets') };
  writeFileSync(files.ledger, '');
  writeFileSync(files.secrets, '', { mode: 0o600 });
  return files;
}

/**
 * Remove the folder when this process exits, however the run ends (workers only use the paths).
 * A SIGTERM no longer ends the runner without exit handlers: it stops the run gracefully
 * (src/process/runner-signals.ts), and the process then exits through here.
 */
export function removeRunFolderOnExit(dir: string): void {
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

/** Run folders whose runner is gone, removed; the names of those removed. */
export function removeAbandonedRunFolders(parent: string, now: number = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(RUN_FOLDER_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = join(parent, name);
    if (!abandoned(dir, now)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's, or removed meanwhile: not ours to insist on.
    }
  }
  return removed;
}

function abandoned(dir: string, now: number): boolean {
  const owner = pidIn(join(dir, OWNER_FILE));
  if (owner !== undefined) return !isRunning(owner);
  try {
    return now - statSync(dir).mtimeMs > UNOWNED_GRACE_MS;
  } catch {
    return false;
  }
}

/** Written by the runner when the run is stopped (Ctrl-C, SIGTERM): its workers then let go at once. */
const STOPPING_FILE = 'stopping';

export function markStopping(dir: string): void {
  try {
    writeFileSync(join(dir, STOPPING_FILE), String(Date.now()));
  } catch {
    // The folder is gone: the run has ended already.
  }
}

export function isStopping(dir: string): boolean {
  return existsSync(join(dir, STOPPING_FILE));
}
