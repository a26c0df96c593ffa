import { readFileSync, readdirSync } from 'node:fs';

/** Every process below this one, read from /proc (Linux): children, their children, and so on (the bench's memory figures, the signal tests). */
export function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces; the parent pid is the 2nd field after it.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parentOf) if (ppid === parent) found.push(child), visit(child);
  };
  visit(pid);
  return found;
}

/** Those of these processes that still run (zombies count as gone: they hold nothing). */
export function stillRunning(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/**
 * End these processes at once (SIGKILL), the deepest first, so none is left to start another:
 * the last resort of a stop that did not end in time. Those already gone are passed over.
 */
export function endOutright(pids: readonly number[]): void {
  for (const pid of [...pids].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
