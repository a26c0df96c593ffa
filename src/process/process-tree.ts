import { readFileSync, readdirSync } from 'node:fs';

/**
 * Every process below this one, read from /proc (Linux): children, their children, and so on (the
 * last resort of a stop, the bench's memory figures, the signal tests). Each task's list of its
 * children is read along the tree alone: looking at every process of the machine cost 2–5 ms a
 * time with a few hundred of them, and the signal tests look every few milliseconds for the moment
 * a process starts. A kernel without those lists (CONFIG_PROC_CHILDREN) is read whole.
 */
export function descendantsOf(pid: number): number[] {
  return CHILDREN_LISTED ? descendantsListed(pid) : descendantsScanned(pid);
}

const CHILDREN_LISTED = (() => {
  try {
    readFileSync(`/proc/${process.pid}/task/${process.pid}/children`);
    return true;
  } catch {
    return false;
  }
})();

/** Along the tree: each thread of each process lists the children it started (a process started from any of them is found). */
export function descendantsListed(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return; // Gone while we looked.
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      } catch {
        continue; // A thread that ended while we looked.
      }
      for (const child of children.split(' '))
        if (child) {
          found.push(Number(child));
          visit(Number(child));
        }
    }
  };
  visit(pid);
  return found;
}

/** Every process of the machine, each with its parent, then the tree below `pid`. */
export function descendantsScanned(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces; the parent pid is the 2nd field after it.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const siblings = childrenOf.get(parent);
      if (siblings) siblings.push(Number(name));
      else childrenOf.set(parent, [Number(name)]);
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of childrenOf.get(parent) ?? []) found.push(child), visit(child);
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
