import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyOf, runMonitor } from '../support/run-monitor';

/**
 * Run verdicts end to end, as Playwright reports them to our reporter: runs that did not complete
 * are the monitor's own failure, never a recovery; a flapping proxy with retries is flaky, not
 * failed, and does not alert; a slow API is degraded and says so.
 */
const grep = (pattern: string) => ['--grep', pattern];
const lastMessage = (reportsDir: string) => JSON.parse(readFileSync(join(reportsDir, 'slack-message.json'), 'utf8')) as { text: string };

test.describe('run verdicts from Playwright\'s own result', () => {
  // A run in which no check ran is in tests/selftest/slack-alerts.spec.ts, after a failure.
  // That the next good run says the monitor runs again is in the Slack sequence.
  test('specs that fail to load, a sandbox that cannot start, a run cut off before it completed: monitor errors, told once', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-verdicts-'));
    const contracts = mkdtempSync(join(tmpdir(), 'pluvo-contracts-'));
    writeFileSync(join(contracts, 'manifest.json'), 'null');
    const unloadable = await runMonitor({ PLUVO_CONTRACTS_DIR: contracts }, reportsDir, grep('POST /graphql without'));
    expect(unloadable.status).not.toBe(0);
    expect(unloadable.output).toMatch(/verdict: monitor-error \(an error outside any check: .*manifest\.json: has no "operations" list/);
    expect(unloadable.output).toContain('alert (monitor-error) written');

    const unstarted = await runMonitor({ SANDBOX_USERS: '0' }, reportsDir, grep('POST /graphql without'));
    expect(unstarted.output).toMatch(/verdict: monitor-error \(an error outside any check: the embedded sandbox could not start: SANDBOX_USERS: "0" is not a whole number/);

    // Every response takes a second, a check needs two, and the run may take 1.5 s: it is cut off.
    const cutOff = await runMonitor({ SANDBOX_LATENCY_MS: '1000' }, reportsDir, [...grep('POST /graphql without'), '--global-timeout', '1500']);
    expect(cutOff.output).toContain('verdict: monitor-error (an error outside any check: Timed out waiting 1.5s for the test suite to run)');

    expect(historyOf(reportsDir).map((line) => [line.verdict, line.alert ?? null])).toEqual([
      ['monitor-error', 'monitor-error'],
      ['monitor-error', null],
      ['monitor-error', null],
    ]);
  });

  test('with retries, a proxy that fails every other request makes the run flaky, not failed, and no alert goes out', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-verdicts-'));
    // One check that sends one GraphQL request: its first attempt meets the 502, its retry does not.
    const run = await runMonitor({ SANDBOX_FAULTS: 'flapping-proxy-502', PLUVO_RETRIES: '1' }, reportsDir, grep('paginatedUsers: first: 50 gives'));
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('verdict: flaky');
    expect(run.output).not.toContain('alert (');
    expect(historyOf(reportsDir).map((line) => [line.verdict, line.checks['paging.page-size.paginatedUsers']?.[0]])).toEqual([['flaky', 'flaky']]);
  });

  // That slow-responses degrades exactly the checks it slows is in the fault matrix, on a virtual
  // clock; here the wiring: a sandbox 300 ms away against a 200 ms threshold is certainly degraded.
  test('a slow API: the check is degraded, the run passes, and the Slack message says degraded', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-verdicts-'));
    const run = await runMonitor({ SANDBOX_LATENCY_MS: '300', PLUVO_DEGRADED_MS: '200', PLUVO_ALERT_AFTER_RUNS_DEGRADED: '1' }, reportsDir, grep('paginatedUsers: first: 50 gives'));
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('verdict: degraded');
    expect(run.output).toContain('alert (failure) written');
    const message = JSON.stringify(lastMessage(reportsDir));
    expect(message).toContain('Pluvo is slow: checks degraded');
    expect(message).toMatch(/Degraded: p95 3\d\d ms over 1 request\(s\), at or over the degraded threshold of 200 ms/);
    expect(readFileSync(join(reportsDir, 'status.html'), 'utf8')).toContain('degraded');
  });
});
