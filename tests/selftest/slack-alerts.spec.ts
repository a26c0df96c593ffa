import { test, expect } from '../contract/base-test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { FIXTURE_CHECKS as CONTRACT_CHECKS } from '../support/run-checks';
import { recordingWebhook } from '../support/recording-webhook';
import { findSecrets, readTree, runMonitor } from '../support/run-monitor';
import { runInProcess } from '../support/run-in-process';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { scratchDir } from '../support/scratch';

/**
 * The monitored suite end to end, as `npm start` runs it (Playwright, the embedded sandbox, every
 * reporter, Playwright's own reports scanned for secrets), and alerting across runs against a
 * recording webhook on 127.0.0.1.
 */
test.describe('the monitored suite end to end: reports, alerts once per change, no secret anywhere', () => {
  test.describe.configure({ mode: 'serial' });

  test('the whole catalogue with two faults: exactly their checks fail, exit 1, no committed file changes, one alert; then healthy again, one recovery', async () => {
    const webhook = await recordingWebhook();
    // A heartbeat service (healthchecks.io's ping URL): its path is a secret as the webhook's is.
    const heartbeat = await recordingWebhook();
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-alerts-'));
    const env = { SLACK_WEBHOOK_URL: webhook.url, REPORT_URL: 'https://ci.example/report/index.html', PLUVO_HEARTBEAT_URL: heartbeat.url };
    // After the whole catalogue, the alert path does not depend on which checks run: one keeps the
    // next run short, and the alert state it reads and writes is our reporters' own, so that run
    // is in this process (tests/support/run-in-process.ts).
    const healthyRun = () => runInProcess(env, reportsDir, ['--grep', 'POST /graphql without']);
    const committed = ['schemas/baseline.json', 'schemas/deprecations.json', 'schemas/pluvo.graphql'].map(
      (path) => [path, readFileSync(path, 'utf8')] as const,
    );
    try {
      // Two faults that fail one check each: a fault that fails many checks would prove no more here.
      const broken = await runMonitor({ ...env, SANDBOX_FAULTS: 'wrong-secret-accepted,deprecated-field-in-use' }, reportsDir);
      expect(broken.status, broken.output).toBe(1);
      const expected = CONTRACT_CHECKS.filter((check) => check.id === 'auth.wrong-secret-rejected' || check.id === 'schema.deprecations').map(
        (check) => check.title,
      );
      expect(broken.failedTitles).toEqual(expected.sort());
      expect(broken.passed).toBe(CONTRACT_CHECKS.length - expected.length);
      expect(broken.output).toContain('A wrong client secret should be refused with 401 invalid_client; got HTTP 200.');
      expect(broken.output).toContain('deprecation radar: 12 items, 1 failing');
      for (const [path, before] of committed) expect(readFileSync(path, 'utf8'), `${path} was changed by a sandbox run`).toBe(before);
      expect(readTree(reportsDir).filter((file) => file.path.includes('#attachment-')).length).toBeGreaterThan(10);

      expect(webhook.received).toHaveLength(1);
      const message = JSON.stringify(webhook.received[0]?.body);
      expect(webhook.received[0]?.body.text).toMatch(
        new RegExp(`^Pluvo contract broken: the embedded sandbox \\(2 failed, ${CONTRACT_CHECKS.length - 2} passed`),
      );
      expect(message).toContain('a wrong client secret gets 401 (or 400 invalid_client) and no token');
      expect(message).toContain('User.email is deprecated');
      expect(message).toContain("Open this run's report");
      expect(broken.output).toContain('alert "Pluvo contract broken" sent to Slack.');
      // The dead-man's switch: once, in its /fail form, with the verdict as its log; the URL never said.
      expect(heartbeat.received.map((ping) => ping.path)).toEqual(['/services/T0SANDBOX/B0SANDBOX/webhookSecretXyZ123/fail']);
      expect(heartbeat.received[0]!.body).toMatch(/^the embedded sandbox: verdict: failed; 2 failed/);
      expect(broken.output).toContain('heartbeat: sent (fail)');
      // Prometheus' text format, read by a parser of its own: a success and a duration series for every check of the run.
      const families = parsePrometheusTextFormat(readFileSync(join(reportsDir, 'metrics.prom'), 'utf8'));
      const samples = (name: string) => families.find((family) => family.name === name)?.metrics ?? [];
      for (const name of ['pluvo_check_success', 'pluvo_check_duration_seconds'])
        expect(
          samples(name)
            .map((sample) => sample.labels?.check)
            .sort(),
          name,
        ).toEqual(CONTRACT_CHECKS.map((check) => check.id).sort());
      const failing = samples('pluvo_check_success')
        .filter((sample) => sample.value === '0')
        .map((sample) => sample.labels?.check);
      expect(failing.sort()).toEqual(['auth.wrong-secret-rejected', 'schema.deprecations']);
      expect(samples('pluvo_run_verdict').find((sample) => sample.value === '1')?.labels).toEqual({ target: 'the embedded sandbox', verdict: 'failed' });

      // That a run in which no check ran is the monitor's failure, told as such and never as a
      // recovery, and that a failed delivery is retried next run, is the reporter's own logic:
      // tests/unit/end-of-run-reporter.spec.ts, without a Playwright run each.
      const healthy = await healthyRun();
      expect(healthy.status).toBe(0);
      expect(webhook.received).toHaveLength(2);
      expect(webhook.received[1]?.body.text).toMatch(/^Pluvo contracts hold again after (under a minute|\d+ min): the embedded sandbox/);
      expect(heartbeat.received.map((ping) => ping.path.endsWith('/fail'))).toEqual([true, false]);

      const history =
        readTree(reportsDir)
          .find((file) => file.path.endsWith('history.jsonl'))
          ?.text.trim()
          .split('\n') ?? [];
      expect(history.map((line) => JSON.parse(line).verdict)).toEqual(['failed', 'passed']);

      const secrets = ['webhookSecretXyZ123', DEMO_CLIENT.clientSecret, EXPIRING_CLIENT.clientSecret];
      const said = [broken, healthy].map((r) => r.output).join('\n') + JSON.stringify(webhook.received.map((r) => r.body));
      const leaks = [...readTree(reportsDir), { path: 'output and Slack', text: said }].flatMap(({ path, text }) =>
        findSecrets(text, secrets).map((leak) => `${path}: ${leak}`),
      );
      expect(leaks).toEqual([]);
    } finally {
      webhook.close();
      heartbeat.close();
    }
  });
});
