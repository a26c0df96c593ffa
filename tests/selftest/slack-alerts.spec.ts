import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { findSecrets, readTree, runMonitor } from '../support/run-monitor';

/** A stand-in for Slack's incoming webhook on 127.0.0.1 that records what it is sent. */
async function recordingWebhook() {
  const received: Array<{ path: string; body: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.statusCode = status;
      res.end(status === 200 ? 'ok' : 'no_service');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // The path plays the webhook's secret part, as in https://hooks.slack.com/services/T/B/XXXX.
    url: `http://127.0.0.1:${port}/services/T0SANDBOX/B0SANDBOX/webhookSecretXyZ123`,
    received,
    failWith: (code: number) => (status = code),
    close: () => server.close(),
  };
}

test.describe('alerts reach Slack, once per change, with no secret', () => {
  test.describe.configure({ mode: 'serial' });

  test('failure; a run in which no check ran, told as the monitor\'s failure; a failed delivery retried; then recovery', async () => {
    const webhook = await recordingWebhook();
    const reportsDir = mkdtempSync(join(tmpdir(), 'pluvo-alerts-'));
    const env = { SLACK_WEBHOOK_URL: webhook.url, REPORT_URL: 'https://ci.example/report/index.html' };
    // The alert path does not depend on which checks run: three transport checks keep each run short.
    const run = (extra: Record<string, string>) => runMonitor({ ...env, ...extra }, reportsDir, ['--grep', '@transport']);
    try {
      const broken = await run({ SANDBOX_FAULTS: 'no-slash-redirect' });
      expect(broken.status, broken.output).toBe(1);
      expect(webhook.received).toHaveLength(1);
      const message = JSON.stringify(webhook.received[0]?.body);
      expect(webhook.received[0]?.body.text).toMatch(/^Pluvo contract broken: the embedded sandbox \(2 failed, 1 passed/);
      expect(message).toContain('POST /graphql without the trailing slash is redirected (301)');
      expect(message).toContain('got HTTP 401 instead of 301');
      expect(message).toContain('Open the HTML report');
      expect(broken.output).toContain('alert (failure) sent to Slack.');

      // A run in which no check ran says the monitor failed, and is no recovery. (That a repeated
      // failure stays quiet is the alert policy's business: tests/unit/alerting.spec.ts.)
      const nothing = await runMonitor(env, reportsDir, ['--grep', 'no check has this title']);
      expect(nothing.output).toContain('verdict: monitor-error (an error outside any check: No tests found)');
      expect(webhook.received).toHaveLength(2);
      expect(webhook.received[1]?.body.text).toMatch(/^The monitor itself failed \(no verdict on Pluvo\)/);

      webhook.failWith(500);
      const undelivered = await run({});
      expect(undelivered.status).toBe(0);
      expect(undelivered.output).toMatch(/alert \(recovery\) could not be sent to Slack: .*will be retried next run/);
      expect(webhook.received).toHaveLength(3);

      webhook.failWith(200);
      await run({});
      expect(webhook.received).toHaveLength(4);
      expect(webhook.received[3]?.body.text).toMatch(/^The monitor runs again, and Pluvo contracts hold/);

      const history = readTree(reportsDir).find((file) => file.path.endsWith('history.jsonl'))?.text.trim().split('\n') ?? [];
      expect(history.map((line) => JSON.parse(line).verdict)).toEqual(['failed', 'monitor-error', 'passed', 'passed']);

      const secrets = ['webhookSecretXyZ123', DEMO_CLIENT.clientSecret];
      const leaks = [...readTree(reportsDir), { path: 'output', text: broken.output + undelivered.output }].flatMap(({ path, text }) => findSecrets(text, secrets).map((leak) => `${path}: ${leak}`));
      expect(leaks).toEqual([]);
    } finally {
      webhook.close();
    }
  });
});
