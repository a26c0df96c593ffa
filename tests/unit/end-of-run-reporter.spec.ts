import { test, expect } from '../contract/base-test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import SlackReporter, { type EndOfRunOptions as SlackReporterOptions } from '../../src/sinks/end-of-run-reporter';
import { setProcessEnv } from '../support/process-env';
import { recordingWebhook } from '../support/recording-webhook';
import { CHECK_ANNOTATION, OUTCOME_ANNOTATION, TARGET_ANNOTATION } from '../../src/report/check-record';
import { forgetRunConfiguration } from '../../src/targets/run-configuration';
import { loadTargets } from '../../src/targets/targets-file';
import { AlertFiles } from '../../src/report/alert-files';
import { record } from '../support/records';
import { scratchDir } from '../support/scratch';

/**
 * The alert reporter fed the events Playwright would send, in-process: what a run of some of
 * the targets of a targets file tells and records. (End-to-end runs prove the wiring; this proves
 * the reporter's own judgement without a Playwright run per case.)
 */
function fakeTest(id: string, target: { key: string; label: string }, outcome: 'expected' | 'unexpected'): { test: TestCase; result: TestResult } {
  const outcome_ = record({
    checkId: id,
    title: `title of ${id}`,
    area: 'transport',
    outcome: outcome === 'expected' ? 'passed' : 'failed',
    ...(outcome === 'expected' ? {} : { failures: [{ message: 'what came back', cause: 'contract' as const }] }),
  });
  const { outcome: _kind, ...judged } = outcome_;
  const annotations = [{ type: OUTCOME_ANNOTATION, description: JSON.stringify({ target, outcome: judged }) }];
  const test = {
    id: `${target.key}-${id}`,
    title: `title of ${id}`,
    tags: ['@transport'],
    annotations,
    retries: 0,
    expectedStatus: 'passed',
    outcome: () => outcome,
  } as unknown as TestCase;
  const result = {
    retry: 0,
    status: outcome === 'expected' ? 'passed' : 'failed',
    annotations: [],
    errors: outcome === 'expected' ? [] : [{ message: `Contract broken: ${id}\n  - what came back` }],
  } as unknown as TestResult;
  return { test, result };
}

async function reportRun(
  env: Record<string, string>,
  tests: Array<ReturnType<typeof fakeTest>>,
  status: FullResult['status'],
  options: SlackReporterOptions = {},
  /** The tests the run selected, when not all of them ended (a stopped run). */
  selected: TestCase[] = tests.map((t) => t.test),
): Promise<string> {
  const restoreEnv = setProcessEnv(env);
  const output: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (output.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    forgetRunConfiguration();
    const reporter = new SlackReporter(options);
    reporter.onBegin({} as FullConfig, { allTests: () => selected } as unknown as Suite);
    for (const { test: t, result } of tests) reporter.onTestEnd(t, result);
    await reporter.onEnd({ status } as FullResult);
  } finally {
    process.stdout.write = write;
    restoreEnv();
  }
  return output.join('');
}

test.describe('the alert reporter, in-process', () => {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-reporter-'));
  const targets = join(dir, 'targets.json');
  writeFileSync(
    targets,
    JSON.stringify({
      targets: [
        { name: 'acme', org: 'acme', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' },
        { name: 'globex', org: 'globex', clientIdEnv: 'G_ID', clientSecretEnv: 'G_SECRET' },
      ],
    }),
  );
  const acme = { key: 'https://acme.pluvo.com', label: 'acme (https://acme.pluvo.com)' };
  const env = (reports: string) => ({ PLUVO_TARGETS: targets, PLUVO_REPORTS_DIR: reports, SLACK_WEBHOOK_URL: '', PLUVO_ORG: '', PLUVO_BASE_URL: '' });
  /** Slack and PagerDuty, each a recording server on 127.0.0.1. */
  const slackAndPagerDuty = (reports: string, slack: string, pagerDuty: string) => ({
    ...env(reports),
    SLACK_WEBHOOK_URL: slack,
    PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYabcdefghijklmnopqrstuv',
    PAGERDUTY_EVENTS_URL: new URL(pagerDuty).origin,
  });

  test('routes in the targets file: a broken contract to PagerDuty only, the rest of the trouble to Slack; every sink hears everything without routes', async () => {
    const routed = join(dir, 'routed.json');
    writeFileSync(
      routed,
      JSON.stringify({
        targets: [
          { name: 'acme', org: 'acme', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET', alerts: { contract: ['pagerduty'], default: ['slack'] } },
          { name: 'globex', org: 'globex', clientIdEnv: 'G_ID', clientSecretEnv: 'G_SECRET' },
        ],
      }),
    );
    const globex = { key: 'https://globex.pluvo.com', label: 'globex (https://globex.pluvo.com)' };
    const [slack, pagerDuty] = [await recordingWebhook(), await recordingWebhook()];
    pagerDuty.failWith(202);
    try {
      const reports = mkdtempSync(join(dir, 'routed-'));
      const output = await reportRun(
        {
          ...env(reports),
          PLUVO_TARGETS: routed,
          SLACK_WEBHOOK_URL: slack.url,
          PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYabcdefghijklmnopqrstuv',
          PAGERDUTY_EVENTS_URL: new URL(pagerDuty.url).origin,
        },
        [fakeTest('transport.first-request', acme, 'unexpected'), fakeTest('transport.first-request', globex, 'unexpected')],
        'failed',
      );
      // acme's broken contract went to PagerDuty alone; globex, without routes, to both.
      expect(pagerDuty.received.map((event) => event.body.dedup_key)).toEqual([
        'pluvo-contract-monitor:https://acme.pluvo.com:contract',
        'pluvo-contract-monitor:https://globex.pluvo.com:contract',
      ]);
      expect(slack.received).toHaveLength(1);
      expect(slack.received[0]!.body.text).toMatch(/^Pluvo contract broken: globex/);
      expect(output).toContain('PagerDuty: 2 events sent');
    } finally {
      slack.close();
      pagerDuty.close();
    }
  });

  test('a sink that could not be reached hears next run what it missed, with its true start; the others hear nothing twice', async () => {
    const [slack, pagerDuty] = [await recordingWebhook(), await recordingWebhook()];
    try {
      const reports = mkdtempSync(join(dir, 'one-sink-down-'));
      const withSinks = slackAndPagerDuty(reports, slack.url, pagerDuty.url);
      const run = (outcome: 'expected' | 'unexpected') =>
        reportRun(withSinks, [fakeTest('transport.first-request', acme, outcome)], outcome === 'expected' ? 'passed' : 'failed');
      const slackSaid = () => slack.received.map((message) => message.body.text.split(':')[0]);
      const pagerDutyGot = () => pagerDuty.received.map((event) => event.body.event_action);

      pagerDuty.failWith(500);
      expect(await run('unexpected')).toContain('PagerDuty: not delivered (HTTP 500)');
      expect([slackSaid(), pagerDutyGot()]).toEqual([['Pluvo contract broken'], ['trigger']]);
      // Prometheus can alert on a sink that keeps failing: each alert sink's last delivery, never its address.
      const metrics = readFileSync(join(reports, 'metrics.prom'), 'utf8');
      expect(metrics).toContain('pluvo_alert_sink_reached{sink="slack"} 1\npluvo_alert_sink_reached{sink="pagerduty"} 0\n');
      expect(metrics).not.toContain(pagerDuty.url.split('/')[2]!);
      const [firstRun] = readFileSync(join(reports, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));

      // PagerDuty is back: it hears the incident it missed, since the first run; Slack, told already, hears nothing.
      pagerDuty.failWith(202);
      await run('unexpected');
      expect([slackSaid(), pagerDutyGot()]).toEqual([['Pluvo contract broken'], ['trigger', 'trigger']]);
      expect(pagerDuty.received[1]!.body.payload.custom_details).toMatchObject({ since: firstRun.at, runs: 2 });
      expect(readFileSync(join(reports, 'metrics.prom'), 'utf8')).toContain('pluvo_alert_sink_reached{sink="pagerduty"} 1\n');
      // Caught up a run late, it was told what the others were: no state of its own (its reminders follow theirs).
      expect(JSON.parse(readFileSync(join(reports, 'state.json'), 'utf8')).sinks).toBeUndefined();

      // The recovery misses PagerDuty: Slack hears it once; PagerDuty at the next run, which is quiet for Slack.
      pagerDuty.failWith(500);
      await run('expected');
      pagerDuty.failWith(202);
      await run('expected');
      expect([slackSaid(), pagerDutyGot()]).toEqual([
        ['Pluvo contract broken', 'Pluvo contracts hold again after under a minute'],
        ['trigger', 'trigger', 'resolve', 'resolve'],
      ]);
      // Caught up, PagerDuty keeps no state of its own.
      expect(JSON.parse(readFileSync(join(reports, 'state.json'), 'utf8')).sinks).toBeUndefined();
      await run('expected');
      expect([slackSaid().length, pagerDutyGot().length]).toEqual([2, 4]);
    } finally {
      slack.close();
      pagerDuty.close();
    }
  });

  test("PagerDuty's rate limit met partway: the organisations it reached are not sent again, the rest are next run", async () => {
    const globex = { key: 'https://globex.pluvo.com', label: 'globex (https://globex.pluvo.com)' };
    const [slack, pagerDuty] = [await recordingWebhook(), await recordingWebhook()];
    try {
      const reports = mkdtempSync(join(dir, 'rate-limited-'));
      const withSinks = slackAndPagerDuty(reports, slack.url, pagerDuty.url);
      const bothBroken = () =>
        reportRun(withSinks, [fakeTest('transport.first-request', acme, 'unexpected'), fakeTest('transport.first-request', globex, 'unexpected')], 'failed');
      pagerDuty.failWith(202);
      pagerDuty.limitTo(1);
      expect(await bothBroken()).toContain('PagerDuty: 1 of 2 events sent, the others not (HTTP 429); they are tried again next run.');
      pagerDuty.limitTo(undefined);
      expect(await bothBroken()).toContain('PagerDuty: 1 event sent (trigger https://globex.pluvo.com:contract).');
      expect(pagerDuty.received.map((event) => event.body.dedup_key)).toEqual([
        'pluvo-contract-monitor:https://acme.pluvo.com:contract',
        'pluvo-contract-monitor:https://globex.pluvo.com:contract',
        'pluvo-contract-monitor:https://globex.pluvo.com:contract',
      ]);
      expect(slack.received).toHaveLength(1);
    } finally {
      slack.close();
      pagerDuty.close();
    }
  });

  test('a route to a sink or a kind of trouble that does not exist is one line, before a request', () => {
    const bad = join(dir, 'bad-routes.json');
    writeFileSync(
      bad,
      JSON.stringify({ targets: [{ name: 'acme', org: 'acme', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET', alerts: { contract: ['pager'] } }] }),
    );
    expect(() => loadTargets(bad)).toThrow(
      `${bad} targets[0] (acme) "alerts": "contract" is not a list of sinks. List some of slack, teams, pagerduty, webhook, github-issues`,
    );
    writeFileSync(
      bad,
      JSON.stringify({ targets: [{ name: 'acme', org: 'acme', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET', alerts: { weather: ['slack'] } }] }),
    );
    expect(() => loadTargets(bad)).toThrow(/names "weather", which is no kind of trouble\. Use default, contract, outage/);
  });

  test('a run narrowed to some targets judges only those: the others are not "no check ran"', async () => {
    const reports = mkdtempSync(join(dir, 'narrowed-'));
    const output = await reportRun(env(reports), [fakeTest('transport.first-request', acme, 'expected')], 'passed');
    expect(output).toContain('verdict: passed; 0 failed, 1 passed, 0 skipped.');
    expect(output).not.toContain('monitor-error');
    expect(existsSync(join(reports, 'slack-message.json'))).toBe(false);
    const history = readFileSync(join(reports, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(history.map((line) => [line.targetKey, line.verdict])).toEqual([['https://acme.pluvo.com', 'passed']]);
  });

  test("a stopped run is every selected target's: one the stop came before is told as interrupted, one not selected is not told", async () => {
    const reports = mkdtempSync(join(dir, 'stopped-'));
    const selectedOf = (name: string) =>
      ({
        id: `${name}-first-request`,
        annotations: [
          { type: CHECK_ANNOTATION, description: 'transport.first-request' },
          { type: TARGET_ANNOTATION, description: name },
        ],
      }) as unknown as TestCase;
    const ended = fakeTest('transport.first-request', acme, 'expected');
    const output = await reportRun(env(reports), [ended], 'interrupted', {}, [ended.test, selectedOf('acme'), selectedOf('globex')]);
    expect(output).toMatch(/globex \(https:\/\/globex\.pluvo\.com\): verdict: interrupted/);
    const history = readFileSync(join(reports, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(history.map((line) => [line.targetKey, line.verdict])).toEqual([
      ['https://acme.pluvo.com', 'interrupted'],
      ['https://globex.pluvo.com', 'interrupted'],
    ]);
    // Narrowed to acme (a --grep), the stop is acme's alone.
    const narrowed = mkdtempSync(join(dir, 'stopped-narrowed-'));
    await reportRun(env(narrowed), [ended], 'interrupted', {}, [ended.test, selectedOf('acme')]);
    expect(readFileSync(join(narrowed, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  test("a run that reached no check at all is every target's monitor error", async () => {
    const reports = mkdtempSync(join(dir, 'nothing-'));
    const output = await reportRun(env(reports), [], 'failed');
    expect(output).toMatch(/acme \(https:\/\/acme\.pluvo\.com\): verdict: monitor-error \(no check ran\)/);
    expect(output).toMatch(/globex \(https:\/\/globex\.pluvo\.com\): verdict: monitor-error \(no check ran\)/);
    expect(JSON.parse(readFileSync(join(reports, 'slack-message.json'), 'utf8')).text).toMatch(
      /^The monitor itself failed \(no verdict on Pluvo\): 2 organisations: acme \(https:\/\/acme\.pluvo\.com\), globex \(https:\/\/globex\.pluvo\.com\)$/,
    );
  });

  test('a monitor error is told as such; the next run that holds says the monitor runs again', async () => {
    const reports = mkdtempSync(join(dir, 'monitor-error-'));
    const webhook = await recordingWebhook();
    try {
      const failed = await reportRun({ ...env(reports), SLACK_WEBHOOK_URL: webhook.url }, [], 'failed');
      expect(failed).toContain('alert "The monitor itself failed (no verdict on Pluvo)" sent to Slack.');
      const again = await reportRun({ ...env(reports), SLACK_WEBHOOK_URL: webhook.url }, [fakeTest('transport.first-request', acme, 'expected')], 'passed');
      expect(again).toContain('alert "The monitor runs again" sent to Slack.');
      expect(webhook.received.map((r) => r.body.text)).toEqual([
        'The monitor itself failed (no verdict on Pluvo): 2 organisations: acme (https://acme.pluvo.com), globex (https://globex.pluvo.com)',
        'The monitor runs again after under a minute: acme (https://acme.pluvo.com) (0 failed, 1 passed, 0 skipped)',
      ]);
    } finally {
      webhook.close();
    }
  });

  test('a failed delivery is retried on the next run; the recovery is then sent once', async () => {
    const reports = mkdtempSync(join(dir, 'delivery-'));
    const webhook = await recordingWebhook();
    const run = (outcome: 'expected' | 'unexpected') =>
      reportRun(
        { ...env(reports), SLACK_WEBHOOK_URL: webhook.url },
        [fakeTest('transport.first-request', acme, outcome)],
        outcome === 'expected' ? 'passed' : 'failed',
      );
    try {
      expect(await run('unexpected')).toContain('alert "Pluvo contract broken" sent to Slack.');
      webhook.failWith(500);
      expect(await run('expected')).toMatch(
        /alert "Pluvo contracts hold again" could not be sent to Slack: .*it is in .*slack-message\.json and will be retried next run\./,
      );
      webhook.failWith(200);
      expect(await run('expected')).toContain('alert "Pluvo contracts hold again" sent to Slack.');
      expect(await run('expected')).not.toContain('alert "');
      expect(webhook.received.map((r) => r.body.text.split(':')[0])).toEqual([
        'Pluvo contract broken',
        'Pluvo contracts hold again after under a minute',
        'Pluvo contracts hold again after under a minute',
      ]);
      const history = readFileSync(join(reports, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(history.map((line) => [line.verdict, line.alerts ?? null])).toEqual([
        ['failed', [{ kind: 'failure', incident: 'contract' }]],
        ['passed', null],
        ['passed', [{ kind: 'recovery', incident: 'contract' }]],
        ['passed', null],
      ]);
    } finally {
      webhook.close();
    }
  });

  test('the same trouble told before is not told again, and the console says since when, when it was told and when it will be again', async () => {
    const reports = mkdtempSync(join(dir, 'standing-'));
    const run = () => reportRun(env(reports), [fakeTest('transport.first-request', acme, 'unexpected')], 'failed');
    expect(await run()).toContain('alert "Pluvo contract broken" written to');
    const again = await run();
    expect(again).not.toContain('alert "');
    expect(again).toMatch(
      /alert not repeated: contract broken since \d{4}-\d\d-\d\d \d\d:\d\d UTC, for under a minute, 2 runs, told at \d{4}-\d\d-\d\d \d\d:\d\d UTC; a reminder at \d{4}-\d\d-\d\d \d\d:\d\d UTC unless it ends first \(PLUVO_REMIND_EVERY_HOURS\)\./,
    );
  });

  test('a webhook that hangs, then one that is unreachable: one line each, and the alert is retried until it is delivered', async () => {
    const reports = mkdtempSync(join(dir, 'hang-'));
    const webhook = await recordingWebhook();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unreachable = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/services/T/B/unreachableSecret1`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // A short timeout where the webhook hangs; the default where it answers, so load cannot fail it.
    const run = (url: string, options: SlackReporterOptions = {}) =>
      reportRun({ ...env(reports), SLACK_WEBHOOK_URL: url }, [fakeTest('transport.first-request', acme, 'unexpected')], 'failed', options);
    try {
      webhook.hang();
      const hung = await run(webhook.url, { sendTimeoutMs: 300 });
      const oneLine = /^alert "Pluvo contract broken" could not be sent to Slack: [^\n]+; it is in [^\n]+slack-message\.json and will be retried next run\.$/m;
      expect(hung).toMatch(oneLine);
      const refused = await run(unreachable);
      expect(refused).toMatch(oneLine);
      expect(refused).toMatch(/ECONNREFUSED/);
      expect(`${hung}${refused}`).not.toMatch(/unreachableSecret1|webhookSecretXyZ123|\n\s+at /);
      webhook.answer();
      expect(await run(webhook.url)).toContain('alert "Pluvo contract broken" sent to Slack.');
      expect(await run(webhook.url)).not.toContain('alert "');
    } finally {
      webhook.close();
    }
  });

  test("a report that cannot be written after the checks ended (a full disk) is told; the checks' verdict and failures stand", async () => {
    const reports = mkdtempSync(join(dir, 'full-disk-'));
    forgetRunConfiguration();
    const restoreEnv = setProcessEnv(env(reports));
    const saved = process.stdout.write;
    const output: string[] = [];
    process.stdout.write = ((chunk: string) => (output.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const reporter = new SlackReporter();
      const failing = fakeTest('transport.first-request', acme, 'unexpected');
      reporter.onBegin({} as FullConfig, { allTests: () => [failing.test] } as unknown as Suite);
      reporter.onTestEnd(failing.test, failing.result);
      // The JSON reporter's onEnd, before ours, on a full disk:
      reporter.onError({ message: "Error: ENOSPC: no space left on device, write '/r/results.json'" });
      await reporter.onEnd({ status: 'failed' } as FullResult);
    } finally {
      process.stdout.write = saved;
      restoreEnv();
      forgetRunConfiguration();
    }
    const said = output.join('');
    expect(said).toContain("reports: could not all be written: ENOSPC: no space left on device, write '/r/results.json'");
    expect(said).toContain('verdict: failed; 1 failed, 0 passed, 0 skipped.');
    const message = readFileSync(join(reports, 'slack-message.json'), 'utf8');
    expect(message).toContain('title of transport.first-request');
    expect(message).toContain("This run's reports could not all be written:* ENOSPC");
  });

  test('twelve organisations, one broken: its verdict and what to do come first, the eleven that held are one line that names ten and counts the rest', async () => {
    const reports = mkdtempSync(join(dir, 'many-'));
    const names = Array.from({ length: 12 }, (_, n) => `org-${String(n + 1).padStart(2, '0')}`);
    const many = join(reports, 'targets.json');
    writeFileSync(many, JSON.stringify({ targets: names.map((name) => ({ name, org: name, clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' })) }));
    const of = (name: string) => ({ key: `https://${name}.pluvo.com`, label: `${name} (https://${name}.pluvo.com)` });
    const tests = names.map((name) => fakeTest('transport.first-request', of(name), name === 'org-06' ? 'unexpected' : 'expected'));
    const output = await reportRun({ ...env(reports), PLUVO_TARGETS: many }, tests, 'failed');
    const lines = output.split('\n');
    const first = lines.indexOf('12 organisations: passed 11, failed 1.');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(lines[first + 1]).toBe('org-06 (https://org-06.pluvo.com): verdict: failed; 1 failed, 0 passed, 0 skipped.');
    expect(lines[first + 2]).toMatch(/^ {2}\S/);
    const held = `verdict: passed, every contract checked held: ${names
      .filter((name) => name !== 'org-06')
      .slice(0, 10)
      .map((name) => of(name).label)
      .join(', ')} and 1 more (each in the report and on the status page).`;
    expect(lines.slice(first + 1)).toContain(held);
    expect(lines.indexOf(held)).toBeGreaterThan(first + 2);
    expect(output).not.toContain('verdict: passed; ');
  });

  test('a history that cannot be written is one line, and the alert still goes out', async () => {
    const reports = mkdtempSync(join(dir, 'history-'));
    mkdirSync(join(reports, 'history.jsonl'));
    const webhook = await recordingWebhook();
    try {
      const output = await reportRun({ ...env(reports), SLACK_WEBHOOK_URL: webhook.url }, [fakeTest('transport.first-request', acme, 'unexpected')], 'failed');
      expect(output).toMatch(/^alert: could not write or read the history in [^\n]+: EISDIR[^\n]*\.$/m);
      expect(output).toContain('alert "Pluvo contract broken" sent to Slack.');
      expect(output).toContain('verdict: failed; 1 failed, 0 passed, 0 skipped.');
      expect(webhook.received).toHaveLength(1);
      // Nor could it be read: the page is not redrawn from nothing ("no runs in history yet").
      expect(output).toContain(`status page: not drawn again, with no history to draw it from; the last one in ${reports}/ stands.`);
      expect(existsSync(join(reports, 'status.html'))).toBe(false);
      expect(existsSync(join(reports, 'summary.json'))).toBe(false);
    } finally {
      webhook.close();
    }
  });

  test('a history that can be read but not written (a full disk): the status page and summary.json are drawn from it and this run, not from nothing', async () => {
    const reports = mkdtempSync(join(dir, 'full-disk-'));
    const earlier = {
      at: '2026-12-01T10:00:00.000Z',
      target: acme.label,
      targetKey: acme.key,
      verdict: 'passed',
      counts: { passed: 1 },
      checks: { 'transport.first-request': ['passed', 10, 20] },
    };
    writeFileSync(join(reports, 'history.jsonl'), `${JSON.stringify(earlier)}\n`);
    // The disk is full: appending to the history fails, as appendFileSync does with ENOSPC.
    const append = AlertFiles.prototype.appendHistory;
    AlertFiles.prototype.appendHistory = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    try {
      const output = await reportRun(env(reports), [fakeTest('transport.first-request', acme, 'unexpected')], 'failed');
      expect(output).toMatch(/^alert: could not write or read the history in [^\n]+: ENOSPC: no space left on device, write\.$/m);
      expect(output).not.toContain('status page: not drawn again');
      const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as { components: Array<{ name: string; status: string }> };
      // The organisation is there as this run found it (its contract broken), not as the line kept before (operational).
      expect(summary.components.find((component) => component.name === acme.label)?.status).toBe('partial_outage');
      expect(readFileSync(join(reports, 'status.html'), 'utf8')).not.toContain('No runs in history yet');
    } finally {
      AlertFiles.prototype.appendHistory = append;
    }
  });
});
