import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityOf, isAlive, type ProcessIdentity } from './process-identity';

/**
 * A lock file taken with an exclusive create, naming every process that holds what it guards (the
 * monitor; a run and the Playwright runner under it): it is held while any of them runs, however
 * the others ended, so a killed parent cannot hand a reports folder to a second run while its
 * child still writes there. A lock whose processes are all gone is broken and taken over, under a
 * short-lived breaker lock, so two processes that find it stale at once cannot both take it.
 */
export interface LockHolder {
  /** What holds it, for the message that refuses: "monitor", "run". */
  role: string;
  since: string;
  holders: ProcessIdentity[];
}

export type Taken = { taken: true; lock: HeldLock } | { taken: false; holder: LockHolder };

/** A breaker older than this was left by a process that died between two system calls. */
const BREAKER_STALE_MS = 10_000;

export class HeldLock {
  constructor(
    readonly path: string,
    private content: LockHolder,
  ) {}

  /** Add a process that holds it too (the runner a run started): the lock stands while it runs. */
  add(pid: number): void {
    this.content = { ...this.content, holders: [...this.content.holders, identityOf(pid)] };
    // Whole or not at all: a rename over the lock, which this process holds.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.content));
    renameSync(temporary, this.path);
  }

  /** Give it up, if it is still this one's (never another's that took it over). */
  release(): void {
    const current = readHolder(this.path);
    if (current?.since === this.content.since && current.holders[0]?.pid === this.content.holders[0]?.pid) rmSync(this.path, { force: true });
  }
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder> | number;
    // A lock from an older version held a bare pid.
    if (typeof parsed === 'number') return { role: 'unknown', since: '', holders: Number.isInteger(parsed) && parsed > 0 ? [{ pid: parsed }] : [] };
    if (!Array.isArray(parsed?.holders)) return { role: 'unknown', since: '', holders: [] };
    return { role: String(parsed.role ?? 'unknown'), since: String(parsed.since ?? ''), holders: parsed.holders.filter((h) => Number.isInteger(h?.pid)) };
  } catch (error) {
    // An empty lock was being written; anything else unreadable names no process.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const pid = Number(safeRead(path).trim());
    return { role: 'unknown', since: '', holders: Number.isInteger(pid) && pid > 0 ? [{ pid }] : [] };
  }
}

/** Whether a lock's holder still holds it: any of its processes runs. */
export function isHeld(holder: LockHolder | undefined): holder is LockHolder {
  return !!holder && holder.holders.some(isAlive);
}

export function takeLock(path: string, role: string, now: () => Date = () => new Date()): Taken {
  const content: LockHolder = { role, since: now().toISOString(), holders: [identityOf(process.pid)] };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(content), { flag: 'wx' });
      return { taken: true, lock: new HeldLock(path, content) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (isHeld(holder)) return { taken: false, holder };
    breakStale(path);
  }
  const holder = readHolder(path);
  return { taken: false, holder: holder ?? { role, since: '', holders: [] } };
}

/** Remove a stale lock, once, under a breaker lock of its own, checking again inside it. */
function breakStale(path: string): void {
  const breaker = `${path}.break`;
  try {
    writeFileSync(breaker, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(breaker).mtimeMs > BREAKER_STALE_MS) rmSync(breaker, { force: true });
    } catch {
      // Gone meanwhile: another process broke it.
    }
    return;
  }
  try {
    if (!isHeld(readHolder(path))) rmSync(path, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * A lock file in a reports folder, the folder made first: taken, held by another, or the folder
 * cannot be written at all (read-only, a file in its place, a full disk), with the system's code,
 * for the command to say in one line before anything runs.
 */
export function lockReportsFolder(folder: string, file: string, role: string): Taken | { unwritable: string } {
  try {
    mkdirSync(folder, { recursive: true });
    return takeLock(join(folder, file), role);
  } catch (error) {
    return { unwritable: (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0] ?? 'unknown' };
  }
}
