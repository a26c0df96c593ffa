import { test, expect } from '../contract/base-test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeld, readHolder, takeLock } from '../../src/process/exclusive-lock';
import { identityOf, isAlive } from '../../src/process/process-identity';
import { scratchDir } from '../support/scratch';

const lockPath = () => join(mkdtempSync(join(scratchDir(), 'pluvo-lock-')), 'run.lock');
const gonePid = async () => {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
};

test.describe('the exclusive lock of a reports folder', () => {
  test('taken with an exclusive create; a second taker is told who holds it; released, it can be taken again', () => {
    const path = lockPath();
    const first = takeLock(path, 'run');
    expect(first.taken).toBe(true);
    const second = takeLock(path, 'run');
    expect(second).toMatchObject({ taken: false, holder: { role: 'run', holders: [{ pid: process.pid }] } });
    if (first.taken) first.lock.release();
    expect(existsSync(path)).toBe(false);
    expect(takeLock(path, 'run').taken).toBe(true);
  });

  test('held while any process it names runs: a killed parent does not free it while its child writes', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ role: 'run', since: 'x', holders: [{ pid: await gonePid() }, identityOf(process.pid)] }));
    expect(isHeld(readHolder(path))).toBe(true);
    expect(takeLock(path, 'run').taken).toBe(false);
  });

  test('a lock whose processes are all gone is stale, and taken over', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ role: 'run', since: 'x', holders: [{ pid: await gonePid() }] }));
    const taken = takeLock(path, 'monitor');
    expect(taken.taken).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).holders[0].pid).toBe(process.pid);
  });

  test('a pid now used by another process is not the one that held it: its start time differs', () => {
    expect(isAlive(identityOf(process.pid))).toBe(true);
    expect(isAlive({ pid: process.pid, started: '1' })).toBe(false);
  });

  test('an older lock holding a bare pid is still read; a second holder can be added, and it stays held by either', () => {
    const path = lockPath();
    writeFileSync(path, String(process.pid));
    expect(readHolder(path)?.holders).toEqual([{ pid: process.pid }]);
    const fresh = lockPath();
    const taken = takeLock(fresh, 'run');
    if (!taken.taken) throw new Error('not taken');
    taken.lock.add(process.ppid);
    expect(readHolder(fresh)?.holders.map((h) => h.pid)).toEqual([process.pid, process.ppid]);
  });
});
