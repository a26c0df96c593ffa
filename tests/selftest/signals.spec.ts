import { test as base, expect } from '../contract/base-test';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, stillRunning } from '../../src/process/process-tree';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { scratchDir } from '../support/scratch';
import { ourScript } from '../support/our-script';
import { commandLineOf, runCommand, startCommand } from '../support/command';
import { startHeldPagesSandbox, type HeldPagesSandbox } from '../support/held-pages-sandbox';

const test = base.extend<{ sandbox: HeldPagesSandbox }>({
  sandbox: async ({}, use) => {
    const sandbox = await startHeldPagesSandbox();
    await use(sandbox);
    await sandbox.close();
  },
});

/**
 * The commands as operators start them, through npm, and stopped the ways operators stop them: a
 * signal to npm's own pid (a supervisor), to the whole process group (a
 * cancelled CI job, systemd, Ctrl-C), and SIGKILL to the monitor. The run's sandbox, started here
 * and given as PLUVO_SANDBOX_URL, answers at once but holds back the first later pages of the
 * walks, so the run's first checks end within moments of its start and the run is certainly still
 * going when the signal comes, however fast or loaded the machine is. (A sandbox a second late for
 * every request did the same at 7 s a test; at 300 ms a loaded machine's first line came when the
 * run was done.)
 */
function start(npmArgs: string[], sandboxUrl: string, reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-signals-')), env: NodeJS.ProcessEnv = {}) {
  // Its own process group, so that a signal to the group reaches this command's processes alone.
  const run = startCommand('npm', npmArgs, {
    env: { ...sandboxOnlyEnv(), PLUVO_RETRIES: '0', PLUVO_SANDBOX_URL: sandboxUrl, PLUVO_REPORTS_DIR: reportsDir, ...env },
    detached: true,
  });
  return {
    ...run,
    reportsDir,
    /** Resolves once a check has finished: the runner, a worker and the sandbox are all up. */
    afterFirstCheck: () => run.until(/[✓✘] /),
  };
}

/**
 * tsx's transform cache left out, as on a fresh machine, in a CI job or after an upgrade: what a
 * command loads only once it is stopped must then be compiled, by tsx's esbuild service, a child in
 * the command's process group that a signal to the group has ended with the rest.
 */
const COLD_TRANSFORM_CACHE = { TSX_DISABLE_CACHE: '1' };

/** The history's lines, each its verdict and, for a run that could not say more, why. */
const historyOf = (reportsDir: string): Array<{ verdict: string; monitorError?: string }> =>
  readFileSync(join(reportsDir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const verdicts = (reportsDir: string) => historyOf(reportsDir).map((line) => line.verdict);
/** Each history line as its verdict and why (a run the stop came to before it could write its reports says why). */
const linesSaid = (reportsDir: string) => historyOf(reportsDir).map((line) => [line.verdict, line.monitorError]);

/** Every process that was started is gone, within the 30 s a stop may take; the kernel may need a moment. */
const allGone = (pids: number[]) => expect.poll(() => stillRunning(pids), { timeout: 30_000 }).toEqual([]);

/**
 * A stop as every case here sends it: the processes under `root` as they are now, the signal sent
 * (given them, to find the one to send it to), and all of them gone within 10 s of it.
 */
async function stopAll(root: number, send: (started: number[]) => void): Promise<void> {
  const started = descendantsOf(root);
  const sentAt = Date.now();
  send(started);
  await allGone(started);
  expect(Date.now() - sentAt).toBeLessThan(10_000);
}

/** None of these lock files is left in the reports folder. */
const noLocksLeft = (reportsDir: string, ...locks: string[]) => {
  for (const lock of locks) expect(existsSync(join(reportsDir, lock)), lock).toBe(false);
};

test.describe('signals: a stopped command stops its run, writes it as interrupted, and nothing it started outlives it', () => {
  const to = {
    "npm start's own pid (a supervisor)": (child: ChildProcess, signal: NodeJS.Signals) => process.kill(child.pid!, signal),
    "npm start's process group (a cancelled CI job, Ctrl-C, a closed terminal)": (child: ChildProcess, signal: NodeJS.Signals) =>
      process.kill(-child.pid!, signal),
  };
  // npm hands a signal to its script, which `exec` makes our command itself (an `sh -c` would hold a
  // SIGINT until its command ended); to the group, the command gets it twice, and that is one stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    for (const [where, send] of Object.entries(to))
      test(`${signal} to ${where}, mid-run: the run stops within 10 s, its reports say interrupted, no process and no lock is left`, async ({ sandbox }) => {
        const begun = Date.now() - 1_000;
        const run = start(['start'], sandbox.url);
        await run.afterFirstCheck();
        await stopAll(run.child.pid!, () => send(run.child, signal));
        // What cron, systemd and a CI runner read: stopped by this signal.
        expect(await run.closed).toBe(128 + constants.signals[signal]);
        expect(verdicts(run.reportsDir)).toEqual(['interrupted']);
        // This run's own results, written as it stopped (whether a check was mid-way then is the machine's timing).
        const results = JSON.parse(readFileSync(join(run.reportsDir, 'results.json'), 'utf8')) as { stats: { startTime: string } };
        expect(Date.parse(results.stats.startTime)).toBeGreaterThanOrEqual(begun);
        expect(readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8')).toContain('<testsuites');
        // Nobody is paged for a stop someone asked for.
        expect(existsSync(join(run.reportsDir, 'slack-message.json'))).toBe(false);
        noLocksLeft(run.reportsDir, 'run.lock');
      });

  test('SIGTERM to the group as Playwright starts its workers: within 10 s everything has ended, the run written as interrupted, no lock left', async ({
    sandbox,
  }) => {
    const run = start(['start'], sandbox.url);
    // The moment a stop used to be lost: told to a worker that was not ready yet, for which
    // Playwright then waited for good (the runner now ends such a worker after 3 s).
    await run.until(/Running \d+ checks/);
    await stopAll(run.child.pid!, () => process.kill(-run.child.pid!, 'SIGTERM'));
    expect(verdicts(run.reportsDir)).toEqual(['interrupted']);
    expect(existsSync(join(run.reportsDir, 'results.json'))).toBe(true);
    noLocksLeft(run.reportsDir, 'run.lock');
  });

  // The moment the command has started Playwright's runner, which has not yet loaded itself: a stop
  // now reaches a runner that cannot write a report, and the command writes the run. The runner,
  // with no handler yet, ends at once, and its end can reach the command before the command's own
  // copy of a signal to the group does (1 run in 10 on a loaded machine, until the command took
  // such an end for the stop it is); a signal to the runner alone is that case every time.
  const toTheRunner = {
    'the group': (child: ChildProcess) => process.kill(-child.pid!, 'SIGTERM'),
    'the runner alone': (_child: ChildProcess, runner: number) => process.kill(runner, 'SIGTERM'),
  };
  for (const [where, send] of Object.entries(toTheRunner))
    test(`SIGTERM to ${where} as soon as the runner is started, before it has loaded: the run is still written as interrupted, and says why`, async ({
      sandbox,
    }) => {
      const run = start(['start'], sandbox.url, undefined, COLD_TRANSFORM_CACHE);
      const runnerPid = () => descendantsOf(run.child.pid!).find((pid) => commandLineOf(pid).includes('@playwright/test/cli.js test'));
      await run.when(() => runnerPid() !== undefined, 10);
      await stopAll(run.child.pid!, () => send(run.child, runnerPid()!));
      expect(await run.closed).toBe(128 + constants.signals.SIGTERM);
      expect(existsSync(join(run.reportsDir, 'results.json'))).toBe(false);
      expect(linesSaid(run.reportsDir)).toEqual([['interrupted', 'the run was ended before it could write its reports']]);
      expect(existsSync(join(run.reportsDir, 'status.html'))).toBe(true);
      noLocksLeft(run.reportsDir, 'run.lock');
      expect(sandbox.held).toBe(0);
    });

  test("SIGTERM to the group while npm start clears the last run's reports, its lock just taken: the lock is not left behind, the run is written as interrupted", async ({
    sandbox,
  }) => {
    // A last report of many files (exchanges kept): clearing it takes a while, with the lock held.
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-signals-'));
    mkdirSync(join(reportsDir, 'html', 'data'), { recursive: true });
    for (let i = 0; i < 5_000; i++) writeFileSync(join(reportsDir, 'html', 'data', `${i}.txt`), 'x');
    const run = start(['start'], sandbox.url, reportsDir);
    await run.when(() => existsSync(join(reportsDir, 'run.lock')), 2);
    const started = descendantsOf(run.child.pid!);
    process.kill(-run.child.pid!, 'SIGTERM');
    await allGone([...started, ...descendantsOf(run.child.pid!)]);
    expect(await run.closed).toBe(128 + constants.signals.SIGTERM);
    expect(existsSync(join(reportsDir, 'run.lock')), run.output()).toBe(false);
    expect(verdicts(reportsDir)).toEqual(['interrupted']);
  });

  test('its output goes away mid-run (npm start | head): the run goes on, writes its reports and exits by its verdict, no stack trace', async ({ sandbox }) => {
    const run = start(['start'], sandbox.url);
    await run.afterFirstCheck();
    const started = descendantsOf(run.child.pid!);
    // What `head` does once it has its lines: the reading end of the pipe closes.
    run.child.stdout!.destroy();
    // This run is meant to finish: the pages held back go on, once nothing reads its output.
    sandbox.release();
    expect(await run.closed).toBe(0);
    await allGone(started);
    expect(verdicts(run.reportsDir)).toEqual(['passed']);
    expect(run.output()).not.toMatch(/EPIPE|at .*\.ts:\d+/);
  });

  // SIGINT and SIGTERM to the monitor's process group (Ctrl-C; systemd, a cancelled job) are the
  // README's own monitor commands stopped as it says (tests/selftest/readme.spec.ts), with the same
  // assertions: not run twice.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    test(`${signal} to the monitor, mid-run: within 10 s no process of the run is left, neither lock remains, the history says interrupted`, async ({
      sandbox,
    }) => {
      const monitor = start(['run', 'monitor', '--', '--once'], sandbox.url);
      await monitor.afterFirstCheck();
      await stopAll(monitor.child.pid!, (started) =>
        process.kill(started.find((pid) => /^\S*node --import tsx /.test(commandLineOf(pid)) && commandLineOf(pid).includes('scripts/monitor.ts'))!, signal),
      );
      expect(verdicts(monitor.reportsDir)).toEqual(['interrupted']);
      noLocksLeft(monitor.reportsDir, 'run.lock', 'monitor.lock');
    });

  // A closed terminal: SIGHUP to the monitor's whole process group, npm above it included (which
  // passes no SIGHUP on and dies of it). Its SIGINT and SIGTERM are the README's own commands.
  test("SIGHUP to the monitor's process group (a closed terminal), mid-run: within 10 s no process of the run is left, neither lock remains, the history says interrupted", async ({
    sandbox,
  }) => {
    const monitor = start(['run', 'monitor', '--', '--once'], sandbox.url);
    await monitor.afterFirstCheck();
    await stopAll(monitor.child.pid!, () => process.kill(-monitor.child.pid!, 'SIGHUP'));
    expect(await monitor.closed).toBe(128 + constants.signals.SIGHUP);
    expect(verdicts(monitor.reportsDir)).toEqual(['interrupted']);
    expect(existsSync(join(monitor.reportsDir, 'results.json'))).toBe(true);
    noLocksLeft(monitor.reportsDir, 'run.lock', 'monitor.lock');
  });

  // The moment the monitor has started its run's command, which is still loading (a third of a
  // run's time on a slow machine) and has no handler yet: a signal, to the group or passed on by
  // the monitor, ends it before it has taken a lock or sent a request. The run it announced is
  // still written as interrupted.
  const toTheMonitor = {
    'the group': (child: ChildProcess) => process.kill(-child.pid!, 'SIGTERM'),
    'the monitor alone': (_child: ChildProcess, monitorPid: number) => process.kill(monitorPid, 'SIGTERM'),
  };
  for (const [where, send] of Object.entries(toTheMonitor))
    test(`SIGTERM to ${where} as the monitor starts its run, before the run's command has loaded: the history says interrupted, no lock is left`, async ({
      sandbox,
    }) => {
      const monitor = start(['run', 'monitor', '--', '--once'], sandbox.url, undefined, COLD_TRANSFORM_CACHE);
      const running = (script: string) => descendantsOf(monitor.child.pid!).find((pid) => commandLineOf(pid).includes(script));
      await monitor.when(() => running('scripts/start.ts') !== undefined, 5);
      await stopAll(monitor.child.pid!, () => send(monitor.child, running('scripts/monitor.ts')!));
      expect(await monitor.closed, monitor.output()).toBe(128 + constants.signals.SIGTERM);
      expect(linesSaid(monitor.reportsDir), monitor.output()).toEqual([['interrupted', 'the run was stopped before it had started']]);
      expect(existsSync(join(monitor.reportsDir, 'status.html'))).toBe(true);
      noLocksLeft(monitor.reportsDir, 'run.lock', 'monitor.lock');
      expect(sandbox.requests).toBe(0);
    });

  test('SIGKILL to the monitor mid-run: a second monitor refuses while its run still writes, and that run stops itself', async ({ sandbox }) => {
    const monitor = start(['run', 'monitor', '--', '--once'], sandbox.url);
    await monitor.afterFirstCheck();
    const started = descendantsOf(monitor.child.pid!);
    const running = (script: string) => started.find((pid) => /^\S*node --import tsx /.test(commandLineOf(pid)) && commandLineOf(pid).includes(script))!;
    const [monitorPid, runPid] = [running('scripts/monitor.ts'), running('scripts/start.ts')];
    // The run's command held still, so that its runner is certainly still writing when the second monitor looks.
    process.kill(runPid, 'SIGSTOP');
    process.kill(monitorPid, 'SIGKILL');
    const second = await runCommand(...ourScript('scripts/monitor.ts', ['--once', '--', '--list']), {
      env: { ...sandboxOnlyEnv(), PLUVO_REPORTS_DIR: monitor.reportsDir },
    });
    expect(second.code, second.output).toBe(2);
    expect(second.stderr).toMatch(
      /^monitor: a run \(pid [\d, ]+\) is still writing .*, left by a monitor that was stopped outright; wait for it, or stop it\.\n$/,
    );
    process.kill(runPid, 'SIGCONT');
    // Its monitor is gone: the run stops as if it had been told to.
    await allGone(started);
    expect(verdicts(monitor.reportsDir)).toEqual(['interrupted']);
    noLocksLeft(monitor.reportsDir, 'run.lock');
  });
});
