import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunFolder, removeAbandonedRunFolders, RUN_FOLDER_PREFIX } from '../../src/security/run-folder';

/** The pid of a process that has ended. */
function endedPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '0']);
  return ended.pid;
}

function runFolder(parent: string, name: string, owner?: number): string {
  const dir = join(parent, `${RUN_FOLDER_PREFIX}${name}`);
  mkdirSync(dir);
  if (owner !== undefined) writeFileSync(join(dir, 'owner'), String(owner));
  writeFileSync(join(dir, 'secrets'), '{"value":"a token"}\n');
  return dir;
}

test.describe("a run's own folder", () => {
  // A temp of each test's own, so it sees only the folders it made.
  let parent: string;
  test.beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'pluvo-sweep-test-'));
  });
  test.afterEach(() => rmSync(parent, { recursive: true, force: true }));

  test('is private, empty, and names the runner that owns it', () => {
    const files = createRunFolder(parent);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    expect(statSync(files.secrets).mode & 0o777).toBe(0o600);
    expect([readFileSync(files.ledger, 'utf8'), readFileSync(files.secrets, 'utf8')]).toEqual(['', '']);
    expect(readFileSync(join(files.dir, 'owner'), 'utf8')).toBe(String(process.pid));
    expect(files.dir.startsWith(join(parent, RUN_FOLDER_PREFIX))).toBe(true);
  });

  test("a killed runner's folder, tokens and all, is removed by the next run; a running one's is kept", () => {
    runFolder(parent, 'killed', endedPid());
    runFolder(parent, 'running', process.pid);
    mkdirSync(join(parent, 'someone-else'));
    const next = createRunFolder(parent);
    expect(readdirSync(parent).sort()).toEqual([`${RUN_FOLDER_PREFIX}running`, next.dir.split('/').at(-1), 'someone-else'].sort());
  });

  test('a folder without an owner is being made right now, unless it is more than an hour old', () => {
    const now = Date.now();
    runFolder(parent, 'being-made');
    const old = runFolder(parent, 'from-a-crash');
    const twoHoursAgo = (now - 2 * 60 * 60 * 1000) / 1000;
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    runFolder(parent, 'unreadable-owner');
    writeFileSync(join(parent, `${RUN_FOLDER_PREFIX}unreadable-owner`, 'owner'), 'not a pid');
    expect(removeAbandonedRunFolders(parent, now)).toEqual([`${RUN_FOLDER_PREFIX}from-a-crash`]);
    expect(readdirSync(parent).sort()).toEqual([`${RUN_FOLDER_PREFIX}being-made`, `${RUN_FOLDER_PREFIX}unreadable-owner`]);
  });

  test('a temp that cannot be read removes nothing and does not stop the run', () => {
    expect(removeAbandonedRunFolders(join(tmpdir(), 'pluvo-no-such-folder'))).toEqual([]);
  });
});
