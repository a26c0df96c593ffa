import { test, expect } from '../contract/base-test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordingWebhook } from '../support/recording-webhook';
import { runInProcess } from '../support/run-in-process';
import { historyOf, runMonitor, type MonitorRun } from '../support/run-monitor';

/**
 * The in-process run (tests/support/run-in-process.ts), which the tests of verdicts, triage and
 * outputs use in place of Playwright's runner and workers, tells what a spawned run tells: the
 * same scenario both ways, read side by side. Were it to drift from the product's path (a reporter
 * fed differently, a result made otherwise), those tests would be testing something else.
 */
test('a run in-process and the same run spawned tell one story: exit, console, JUnit, history and alert', async () => {
  const webhook = await recordingWebhook();
  const checks = ['--grep', 'certificates|a wrong client secret gets 401|the documented first request'];
  try {
    const env = { SANDBOX_FAULTS: 'wrong-secret-accepted', SLACK_WEBHOOK_URL: webhook.url };
    const spawned = await runMonitor(env, undefined, checks);
    const inProcess = await runInProcess(env, undefined, checks);
    const told = (run: MonitorRun) => {
      const [line] = historyOf(run.reportsDir);
      const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8');
      return {
        status: run.status,
        failedTitles: run.failedTitles,
        passed: run.passed,
        // Each check's line as the console says it, without what takes time or names a port.
        console: run.output
          .split('\n')
          .filter((text) => /^ {2}[✓✘–⧗↻] |^verdict: |^preflight: /.test(text))
          .map((text) => text.replace(/\(\d+(\.\d+)? m?s\)/g, '(…)').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:…')),
        junit: /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(junit)?.slice(1),
        history: { verdict: line?.verdict, checks: Object.fromEntries(Object.entries(line?.checks ?? {}).map(([id, [status]]) => [id, status])) },
      };
    };
    expect(told(inProcess)).toEqual(told(spawned));
    expect(told(spawned).status).toBe(1);
    // One alert each, with the same headline and sections.
    expect(webhook.received).toHaveLength(2);
    // Read without what differs between any two runs: times, durations and ports.
    const [fromSpawned, fromInProcess] = webhook.received.map((request) => JSON.stringify(request.body).replace(/\d+/g, 'N'));
    expect(fromInProcess).toBe(fromSpawned);
  } finally {
    webhook.close();
  }
});
