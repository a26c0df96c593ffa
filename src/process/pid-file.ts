import { readFileSync } from 'node:fs';

/**
 * Files that name the process holding something (the monitor's lock, a run folder's owner): what
 * they hold is free once that process is gone, however it ended.
 */

/** The pid a file names, or undefined when it is missing, unreadable or names none. */
export function pidIn(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
