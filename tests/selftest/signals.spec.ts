import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RUN_SECRETS_VARIABLE } from '../../src/security/run-secrets';
import { descendantsOf, stillRunning } from '../../scripts/support/process-tree';
import { sandboxOnlyEnv } from '../support/run-monitor';

/**
 * A command in the background, as a user or CI starts it: its output collected, and a way to wait
 * until it has said something. The sandbox answers slowly, so a run is still going when the
 * signal comes, however fast or loaded the machine is.
 */
function start(script: string, args: string[], options: { detached?: boolean } = {}) {
  const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-signals-'));
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], {
    env: { ...sandboxOnlyEnv(), PLUVO_RETRIES: '0', SANDBOX_LATENCY_MS: '300', PLUVO_REPORTS_DIR: reportsDir },
    detached: !!options.detached,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    child,
    reportsDir,
    output: () => output,
    closed,
    /** Resolves once a check has finished: the runner, a worker and the sandbox are all up. */
    // Colour codes stripped: Playwright passes FORCE_COLOR to the workers that run this test.
    afterFirstCheck: () =>
      waitFor(
        child,
        () => /[✓✘]\s+1 /.test(output.replace(/\x1b\[[0-9;]*m/g, '')),
        () => output.slice(-2000),
      ),
  };
}

function waitFor(child: ChildProcess, condition: () => boolean, describe: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the command ended before its first check finished:\n${describe()}`));
      }
    }, 50);
  });
}

/** The folder of the run's own files (request ledger, shared secrets), from the runner's environment. */
function runFolderOf(pids: number[]): string | undefined {
  for (const pid of pids) {
    try {
      const variable = readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .find((entry) => entry.startsWith(`${RUN_SECRETS_VARIABLE}=`));
      if (variable) return dirname(variable.slice(RUN_SECRETS_VARIABLE.length + 1));
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

test.describe('signals: a stopped command stops its run, and nothing it started outlives it', () => {
  test("SIGTERM to npm start's whole process group (a cancelled CI job): every process ends, the run folder with its tokens too", async () => {
    const run = start('scripts/start.ts', [], { detached: true });
    await run.afterFirstCheck();
    const started = descendantsOf(run.child.pid!);
    const runFolder = runFolderOf(started);
    // The folder names its runner, so a run after a SIGKILL can tell it was abandoned.
    expect(started).toContain(Number(readFileSync(join(runFolder!, 'owner'), 'utf8')));
    process.kill(-run.child.pid!, 'SIGTERM');
    await run.closed;
    // The group's processes are not ours to wait for: give them the moment the kernel needs.
    await expect.poll(() => stillRunning(started)).toEqual([]);
    expect(existsSync(runFolder!)).toBe(false);
  });

  // The stop travels monitor → npm start → Playwright's runner: this also proves that npm start
  // stops its run gracefully when it is signalled alone.
  test('SIGTERM to npm run monitor: it stops the run in progress, whose reporters still write it as interrupted, and only then releases its lock', async () => {
    const monitor = start('scripts/monitor.ts', ['--once']);
    await monitor.afterFirstCheck();
    const started = descendantsOf(monitor.child.pid!);
    const runFolder = runFolderOf(started);
    expect(runFolder).toBeDefined();
    expect(existsSync(join(monitor.reportsDir, 'monitor.lock'))).toBe(true);
    monitor.child.kill('SIGTERM');
    await monitor.closed;
    expect(monitor.output()).toContain('monitor: SIGTERM: stopping the run in progress, then releasing the lock');
    expect(monitor.output()).toContain('verdict: interrupted (the run was stopped before it completed)');
    expect(monitor.output()).toContain('monitor: run 1 ended with exit code 130');
    // Had the lock gone first, the run would still be going now.
    expect(stillRunning(started)).toEqual([]);
    expect(existsSync(runFolder!)).toBe(false);
    expect(existsSync(join(monitor.reportsDir, 'monitor.lock'))).toBe(false);
    const history = readFileSync(join(monitor.reportsDir, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(history.map((line) => JSON.parse(line).verdict)).toEqual(['interrupted']);
  });
});
