import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxOnlyEnv } from '../support/run-monitor';

function monitor(args: string[], reportsDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/monitor.ts', ...args], {
    env: { ...sandboxOnlyEnv(), PLUVO_REPORTS_DIR: reportsDir },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

test.describe('npm run monitor', () => {
  test('runs on its schedule, one run after another, and stops after --runs', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-schedule-'));
    // The schedule is under test here, not the runs: each is one that Playwright rejects at once
    // (an unknown option). That a real run appends its history line is the --once test's.
    const { code, output } = await monitor(['--every', '1s', '--runs', '2', '--', '--no-such-option'], reportsDir);
    expect(code, output).toBe(0);
    expect(output).toMatch(/monitor: run 1 ended with exit code 1\nmonitor: next run at [^\n]+\nmonitor: run 2 at [^\n]+\n/);
    expect(output).toContain('monitor: run 2 ended with exit code 1');
    expect(output.match(/monitor: run \d at/g)).toHaveLength(2);
  });

  test('--once: one run with the lock, state and history, for cron and systemd', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-schedule-'));
    const { code, output } = await monitor(['--once', '--', '--grep', 'POST /graphql without'], reportsDir);
    expect(code, output).toBe(0);
    expect(output).toContain('monitor: run 1 ended with exit code 0');
    expect(output).not.toContain('next run');
    expect(readFileSync(join(reportsDir, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(reportsDir, 'monitor.lock'))).toBe(false);
  });

  test('a second monitor on the same reports folder refuses to start', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-schedule-'));
    writeFileSync(join(reportsDir, 'monitor.lock'), String(process.pid));
    const { code, output } = await monitor(['--runs', '1'], reportsDir);
    expect(code).toBe(2);
    expect(output.trim()).toBe(`monitor: another monitor is running (pid ${process.pid}) on ${reportsDir}/; stop it first.`);
  });

  test('bad options get one line and exit 2', async () => {
    const { code, output } = await monitor(['--every', 'hourly'], mkdtempSync(join(tmpdir(), 'pluvo-schedule-')));
    expect(code).toBe(2);
    expect(output.trim()).toBe('monitor: --every takes a number with s, m or h (e.g. 60m), not "hourly".');
  });
});
