import { test, expect } from '../contract/base-test';
import { stillRunning, descendantsOf, descendantsListed, descendantsScanned } from '../../src/process/process-tree';
import { commandLineOf, runCommand, startCommand } from '../support/command';

/** The one way our tests start what they watch (tests/support/command.ts): its end and its waits tell the truth. */
test.describe('a command a test starts', () => {
  test('its output without colour codes, stdout and stderr apart, and its exit code', async () => {
    const run = await runCommand('sh', ['-c', 'printf "\\033[32mgreen\\033[0m\\n"; echo oops >&2; exit 3']);
    expect(run).toEqual({ code: 3, output: 'green\noops\n', stdout: 'green\n', stderr: 'oops\n' });
  });

  test('ended by a signal, it ends as a shell says it: 128 plus the signal', async () => {
    const run = startCommand('sleep', ['30']);
    run.child.kill('SIGTERM');
    expect(await run.closed).toBe(143);
  });

  test('a wait for what it never says fails as soon as it ends, with what it said instead', async () => {
    const run = startCommand('sh', ['-c', 'echo starting; exit 1']);
    await expect(run.until(/ready/)).rejects.toThrow(/the command ended \(exit 1\) before the moment the test waits for:\nstarting/);
  });

  test('its command line as ps shows it while it runs, and nothing once it is gone', async () => {
    const run = startCommand('sh', ['-c', 'echo up; sleep 30'], { detached: true });
    // Said once it runs: by then the fork has become the command (before, it reads as this process).
    await run.until(/up/);
    expect(commandLineOf(run.child.pid!)).toBe('sh -c echo up; sleep 30');
    await run.stop('SIGKILL');
    expect(commandLineOf(run.child.pid!)).toBe('');
  });

  test('stopped with a signal to its group, every process it started is gone before the stop resolves', async () => {
    const run = startCommand('sh', ['-c', 'sleep 30 & sleep 30 & echo up; wait'], { detached: true });
    await run.until(/up/);
    const all = [run.child.pid!, ...descendantsOf(run.child.pid!)];
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await run.stop('SIGTERM')).toBe(143);
    expect(stillRunning(all)).toEqual([]);
  });

  test("the processes below one, found along the tree as in a scan of every process, a grandchild's too, and none once they are gone", async () => {
    const run = startCommand('sh', ['-c', 'sleep 30 & sh -c "sleep 30 & wait" & echo up; wait'], { detached: true });
    await run.until(/up/);
    // The inner shell starts its sleep a moment after it starts.
    await expect.poll(() => descendantsScanned(run.child.pid!).length).toBe(3);
    const byPid = (pids: number[]) => pids.sort((a, b) => a - b);
    const listed = byPid(descendantsListed(run.child.pid!));
    expect(listed).toEqual(byPid(descendantsScanned(run.child.pid!)));
    expect(byPid(descendantsOf(run.child.pid!))).toEqual(listed);
    expect(listed.map(commandLineOf).sort()).toEqual(['sh -c sleep 30 & wait', 'sleep 30', 'sleep 30']);
    await run.stop('SIGKILL');
    expect(descendantsListed(run.child.pid!)).toEqual([]);
    expect(descendantsScanned(run.child.pid!)).toEqual([]);
  });
});
