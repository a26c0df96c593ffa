import { readFileSync } from 'node:fs';

/**
 * A process as a lock or a watch knows it: its pid, and when it started, so that a pid the system
 * gave to another process since is not taken for the one that held the lock. The start time comes
 * from /proc (Linux); elsewhere the pid alone has to do.
 */
export interface ProcessIdentity {
  pid: number;
  /** /proc/<pid>/stat's starttime (clock ticks since boot), when known. */
  started?: string;
}

export function identityOf(pid: number): ProcessIdentity {
  const started = startTime(pid);
  return started ? { pid, started } : { pid };
}

/** Whether that process (not merely that pid) still runs; a zombie holds nothing. */
export function isAlive(identity: ProcessIdentity): boolean {
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(identity.pid);
  if (stat === undefined) return true; // no /proc here: the pid is all there is to go by
  if (stat.state === 'Z') return false;
  return identity.started === undefined || stat.started === identity.started;
}

/** The parent of a process, from /proc; undefined where there is none to read. */
export function parentOf(pid: number): number | undefined {
  return procStat(pid)?.ppid;
}

function startTime(pid: number): string | undefined {
  return procStat(pid)?.started;
}

function procStat(pid: number): { state: string; ppid: number; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), started: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
