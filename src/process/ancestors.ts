import { readFileSync } from 'node:fs';
import { identityOf, isAlive, parentOf, type ProcessIdentity } from './process-identity';

/**
 * The processes a command runs under, up to the npm that started it: npm (11) exits at once on a
 * SIGTERM or SIGINT to its own pid and passes nothing on, so a supervisor that stops `npm start`
 * or `npm run monitor` by its pid would leave the run going. A command watches these and stops
 * as if it had the signal itself when one of them is gone (and so when the monitor above a run is
 * killed). Outside npm it watches its parent alone. Linux (/proc); elsewhere nothing is watched.
 */
export function ancestorsUpToNpm(pid: number = process.pid): ProcessIdentity[] {
  const chain: ProcessIdentity[] = [];
  for (let current = parentOf(pid); current !== undefined && current > 1 && chain.length < 16; current = parentOf(current)) {
    chain.push(identityOf(current));
    // npm sets this in the environment of what it runs, not in its own: the first without it is npm (or a shell above).
    if (!underNpm(current)) break;
  }
  return chain;
}

function underNpm(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .some((entry) => entry.startsWith('npm_lifecycle_event='));
  } catch {
    return false;
  }
}

/** Call `gone` once, when any of these processes has ended; checked every second, never keeping the process alive. */
export function whenAnyEnds(processes: readonly ProcessIdentity[], gone: (ended: ProcessIdentity) => void, everyMs = 1_000): () => void {
  if (!processes.length) return () => undefined;
  const timer = setInterval(() => {
    const ended = processes.find((identity) => !isAlive(identity));
    if (!ended) return;
    clearInterval(timer);
    gone(ended);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
