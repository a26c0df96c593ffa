import { test, expect } from '../contract/base-test';
import { runCommand, startCommand } from '../support/command';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { FIXTURE_CONTRACTS } from '../support/targets-file';
import { scratchDir } from '../support/scratch';
import { ourScript } from '../support/our-script';

const monitor = (args: string[], reportsDir: string, env: Record<string, string> = {}) =>
  runCommand(...ourScript('scripts/monitor.ts', args), {
    env: { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS, PLUVO_REPORTS_DIR: reportsDir, PLUVO_RETRIES: '0', ...env },
  });

test.describe('npm run monitor', () => {
  test('runs on its schedule, one run after another, and stops after --runs', async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-schedule-'));
    // The schedule is under test here, not the runs: each lists the checks and sends nothing.
    const { code, output } = await monitor(['--every', '1s', '--runs', '2', '--', '--list'], reportsDir);
    expect(code, output).toBe(0);
    expect(output).toMatch(/monitor: run 1 ended with exit code 0\nmonitor: next run at [^\n]+\nmonitor: run 2 at [^\n]+\n/);
    expect(output).toContain('monitor: run 2 ended with exit code 0');
    expect(output.match(/monitor: run \d at/g)).toHaveLength(2);
    expect(existsSync(join(reportsDir, 'monitor.lock'))).toBe(false);
  });

  test("PLUVO_METRICS_PORT: the latest run's metrics at /metrics while the monitor runs, for Prometheus to scrape", async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-schedule-'));
    const text = '# HELP pluvo_run_success x\n# TYPE pluvo_run_success gauge\npluvo_run_success{target="acme"} 1\n';
    writeFileSync(join(reportsDir, 'metrics.prom'), text);
    const running = startCommand(...ourScript('scripts/monitor.ts', ['--every', '60m', '--', '--list']), {
      env: { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS, PLUVO_REPORTS_DIR: reportsDir, PLUVO_METRICS_PORT: '0' },
    });
    try {
      const [, url] = await running.until(/monitor: metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)[\s\S]*next run at/);
      const scraped = await fetch(url!);
      expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(await scraped.text()).toBe(text);
      expect((await fetch(url!.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      running.child.kill('SIGINT');
      await running.closed;
    }
  });

  test('its metrics port taken: one line and exit 2 before any run starts; its lock released, nothing left running', async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-schedule-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, output } = await monitor(['--once'], reportsDir, { PLUVO_METRICS_PORT: String(port) });
      expect(code, output).toBe(2);
      expect(output.trim().split('\n')).toEqual([`monitor: PLUVO_METRICS_PORT: cannot listen on 127.0.0.1:${port} (EADDRINUSE); choose another port.`]);
      expect(existsSync(join(reportsDir, 'monitor.lock'))).toBe(false);
      expect(existsSync(join(reportsDir, 'run.lock'))).toBe(false);
    } finally {
      taken.close();
    }
  });

  test('a second monitor on the same reports folder refuses to start', async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-schedule-'));
    writeFileSync(join(reportsDir, 'monitor.lock'), String(process.pid));
    const { code, output } = await monitor(['--runs', '1'], reportsDir);
    expect(code).toBe(2);
    expect(output.trim()).toBe(`monitor: another monitor is running (pid ${process.pid}) on ${reportsDir}/; stop it first.`);
  });

  test('bad options get one line and exit 2, naming where the setting was made', async () => {
    const dir = () => mkdtempSync(join(scratchDir(), 'pluvo-schedule-'));
    const cases: Array<[string[], string, Record<string, string>?]> = [
      [['--every', 'hourly'], 'monitor: --every takes a number with s, m or h (e.g. 60m), not "hourly".'],
      [['--once'], 'monitor: MONITOR_EVERY takes a number with s, m or h (e.g. 60m), not "hourly".', { MONITOR_EVERY: 'hourly' }],
      [['--runs', '0'], 'monitor: --runs takes a whole number of at least 1, not "0".'],
      [['--evry', '1m'], 'monitor: unknown option --evry (did you mean --every?). See npm run monitor -- --help.'],
    ];
    for (const [args, line, env] of cases) {
      const { code, output } = await monitor([...args], dir(), env);
      expect([code, output.trim()]).toEqual([2, line]);
    }
  });
});
