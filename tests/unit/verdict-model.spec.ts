import { test, expect } from '../contract/base-test';
import { DEFAULT_POLICY } from '../../src/config/policy';
import {
  INCIDENT_KINDS,
  meaningOfRun,
  RUN_VERDICTS,
  STATE_COLOURS,
  STATE_LABELS,
  VERDICT_OF_CAUSE,
  VERDICTS,
  type RunVerdict,
} from '../../src/outcome/verdict';
import type { Cause } from '../../src/pluvo/cause';
import { historyLine } from '../../src/report/alert-files';
import { decideAlert, EMPTY_TARGET_STATE, isPaging } from '../../src/report/alert-policy';
import { junitXml } from '../../src/report/junit-reporter';
import { runMetrics } from '../../src/report/metrics';
import { runVerdict, type CheckRecord, type RunSummary } from '../../src/report/run-summary';
import { slackMessage } from '../../src/report/slack-message';
import { runStatus, verdictDetail } from '../../src/sinks/end-of-run-reporter';
import { statusPage } from '../../src/report/status-page';
import { statusSummary } from '../../src/report/status-summary';
import { record } from '../support/records';

/**
 * Every verdict, rendered in every output from the one table (src/outcome/verdict.ts): the
 * console's line, Slack's headline, the status page's state and colour, summary.json's component
 * state, the metrics, JUnit, history, the heartbeat and the exit code. A new verdict or a changed
 * meaning shows here in every output at once, and no output can keep a word of its own.
 */

const AT = '2026-12-01T12:00:00.000Z';
const NOW = new Date('2026-12-01T12:01:00.000Z');
const TARGET = { key: 'acme', label: 'acme (https://acme.pluvo.com)' };

/** The cause a run of this verdict's checks failed for, if any. */
const CAUSE_OF = Object.fromEntries(Object.entries(VERDICT_OF_CAUSE).map(([cause, verdict]) => [verdict, cause])) as Partial<Record<RunVerdict, Cause>>;

/**
 * A run whose verdict is `verdict`, as the reporter judges it from Playwright's result: a healthy
 * check beside the one that carries the verdict, except for a verdict with a partial form
 * (src/outcome/verdict.ts: inPart), whose whole form is a run of which Pluvo answered nothing and
 * whose partial form one of which it answered two checks of three.
 */
function runOf(verdict: RunVerdict, answeredInPart = false): RunSummary {
  const healthy = record({ checkId: 'auth.token-issued', title: 'the token is issued', outcome: 'passed', latency: { p50Ms: 10, p95Ms: 20, verdict: 'ok' } });
  const cause = CAUSE_OF[verdict];
  const other: CheckRecord =
    cause !== undefined
      ? record({
          checkId: 'paging.page-size',
          title: 'pages hold at most 50',
          area: 'paging',
          outcome: 'failed',
          cause,
          headline: `${cause}: pages hold at most 50`,
          failures: [{ message: `what came back (${cause})`, cause, key: `key of ${cause}` }],
        })
      : record({
          checkId: 'paging.page-size',
          title: 'pages hold at most 50',
          area: 'paging',
          outcome: verdict === 'degraded' ? 'degraded' : verdict === 'flaky' ? 'flaky' : 'passed',
          latency: { p50Ms: 10, p95Ms: verdict === 'degraded' ? 2_500 : 20, verdict: verdict === 'degraded' ? 'degraded' : 'ok', thresholdMs: 2_000 },
        });
  const healthyToo = record({
    checkId: 'auth.no-refresh-token',
    title: 'no refresh token',
    outcome: 'passed',
    latency: { p50Ms: 10, p95Ms: 20, verdict: 'ok' },
  });
  const partial = answeredInPart ? [healthy, healthyToo, other] : [other];
  const checks = verdict === 'monitor-error' || verdict === 'interrupted' ? [] : VERDICTS[verdict].inPart ? partial : [healthy, other];
  const status = verdict === 'interrupted' ? 'interrupted' : 'passed';
  const judged = runVerdict({ status, fatalErrors: verdict === 'monitor-error' ? ['Error: the specs did not load'] : [], incomplete: 0 }, checks);
  return { at: AT, target: TARGET.label, targetKey: TARGET.key, ...judged, checks, notices: [] };
}

/** Every output of one run, from an empty alert state with alerts due at the first run. */
function outputs(summary: RunSummary) {
  const policy = { ...DEFAULT_POLICY, afterRuns: Object.fromEntries(Object.keys(DEFAULT_POLICY.afterRuns).map((key) => [key, 1])) };
  const decision = decideAlert(EMPTY_TARGET_STATE, summary, policy);
  const line = historyLine(summary, decision.alerts);
  const html = statusPage([line], NOW);
  const components = (statusSummary([line], NOW) as { components: Array<{ status: string; group: boolean; description: string }> }).components;
  const junit = junitXml(
    summary.checks.map((check) => ({ record: { ...check, target: TARGET }, seconds: 1 })),
    summary.verdict === 'monitor-error' ? [{ name: 'the run', message: summary.monitorError ?? '' }] : [],
    { status: summary.verdict === 'interrupted' ? 'interrupted' : 'passed', startTime: new Date(AT), duration: 1_000 },
  );
  return { decision, line, html, components, junit };
}

test.describe('one table of verdicts, read by every output', () => {
  test('the table is whole: every verdict has its words, its state and its JUnit form; every incident a verdict that opens it', () => {
    for (const [verdict, meaning] of Object.entries(VERDICTS)) {
      expect(meaning.name, verdict).not.toBe('');
      expect(STATE_LABELS[meaning.state], verdict).toBeDefined();
      expect(
        meaning.clears.every((kind) => INCIDENT_KINDS.includes(kind)),
        verdict,
      ).toBe(true);
      // A verdict never shows its own incident over.
      if (meaning.incident) expect(meaning.clears, verdict).not.toContain(meaning.incident);
      // What held is Pluvo's to count; what did not run is never counted against it.
      if (meaning.held) expect(meaning.pluvos, verdict).toBe(true);
      if (!meaning.ran) expect(meaning.held, verdict).toBe(false);
    }
    for (const kind of INCIDENT_KINDS)
      expect(
        Object.values(VERDICTS).filter((meaning) => meaning.incident === kind),
        kind,
      ).toHaveLength(1);
  });

  const forms = RUN_VERDICTS.flatMap((verdict) => [{ verdict, inPart: false }, ...(VERDICTS[verdict].inPart ? [{ verdict, inPart: true }] : [])]);
  for (const { verdict, inPart } of forms) {
    test(`${verdict}${inPart ? ', Pluvo answering other checks' : ''}: the console, Slack, the status page, summary.json, metrics, JUnit, history, the heartbeat and the exit code say the same`, async () => {
      const summary = runOf(verdict, inPart);
      expect(summary.verdict).toBe(verdict);
      const meaning = meaningOfRun(verdict, inPart);
      const { decision, line, html, components, junit } = outputs(summary);

      // The console: what to do is the table's.
      if (verdict !== 'passed' && verdict !== 'interrupted') expect(verdictDetail(summary).at(-1)).toBe(`what to do: ${meaning.whatToDo}`);
      // Slack: the first alert of the incident it opens is headed by the table's headline.
      const first = decision.alerts.find((alert) => alert.kind === 'failure');
      if (meaning.incident) {
        expect(first?.incident).toBe(meaning.incident);
        expect((slackMessage(first!, summary).blocks?.[0] as { text: { text: string } }).text.text).toBe(meaning.headline);
      } else expect(first).toBeUndefined();
      // The heartbeat fails exactly while trouble is told.
      expect(isPaging(decision.next)).toBe(!!meaning.incident);
      // The exit code: 1 when the contracts were not seen to hold, the stop's own for a stop.
      expect(runStatus(verdict === 'interrupted' ? 'interrupted' : 'passed', [verdict])).toBe(
        verdict === 'interrupted' ? 'interrupted' : meaning.held ? 'passed' : 'failed',
      );
      // History keeps the verdict and each check's verdict.
      expect(line.verdict).toBe(verdict);
      // The status page: the state and its colour, the verdict's name.
      const section =
        /<section data-target="acme" data-state="([a-z_]+)">\n<h2><span class="dot" style="background:(#[0-9a-f]{6})"><\/span>[^<]*<span class="state">([^<]+)<\/span>/.exec(
          html,
        );
      expect(section?.slice(1)).toEqual([meaning.state, STATE_COLOURS[meaning.state], STATE_LABELS[meaning.state]]);
      expect(html).toContain(`<b>${meaning.name}</b>`);
      // summary.json: a state Pluvo was seen in (Statuspage has no unknown), or the description says why not.
      const group = components.find((component) => component.group)!;
      expect(group.status).toBe(meaning.state === 'unknown' ? 'operational' : meaning.state);
      if (meaning.state === 'unknown') expect(group.description).toBe(`no verdict on Pluvo in the last run: ${meaning.name}`);
      // Metrics: the run held or not, as the table says; a check that did not run has no sample.
      const metrics = await runMetrics({ runs: [summary], history: [line], durationsMs: new Map() }).getMetricsAsJSON();
      const runSuccess = metrics.find((metric) => metric.name === 'pluvo_run_success')?.values[0]?.value;
      expect(runSuccess).toBe(meaning.held ? 1 : 0);
      // JUnit: the table's form for the check that carries the verdict.
      const counts = /<testsuites [^>]*failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(junit)!.slice(1).map(Number);
      const expected = { passed: [0, 0, 0], failure: [1, 0, 0], error: [0, 1, 0], skipped: [0, 0, 1] }[meaning.junit];
      expect(counts).toEqual(verdict === 'interrupted' ? [0, 0, 1] : expected);
    });
  }

  test('a check kept from running is never failed, red or success 0, and does not lower availability', async () => {
    const notRun = (checkId: string) =>
      record({
        checkId,
        title: checkId,
        outcome: 'not-run',
        cause: 'unavailable',
        failures: [{ message: 'Not run: Pluvo did not answer (HTTP 502).', cause: 'unavailable', key: 'HTTP 502' }],
      });
    const summary: RunSummary = {
      at: AT,
      target: TARGET.label,
      targetKey: TARGET.key,
      verdict: 'unavailable',
      checks: [notRun('a.one'), notRun('a.two')],
      notices: [],
    };
    const line = historyLine(summary, []);
    expect(line.checks).toEqual({ 'a.one': ['not-run', null, null], 'a.two': ['not-run', null, null] });
    expect(line.counts).toMatchObject({ failed: 0, 'not-run': 2 });
    const metrics = await runMetrics({ runs: [summary], history: [line], durationsMs: new Map() }).getMetricsAsJSON();
    expect(metrics.find((metric) => metric.name === 'pluvo_check_success')?.values).toEqual([]);
    const junit = junitXml(
      summary.checks.map((check) => ({ record: { ...check, target: TARGET }, seconds: 0 })),
      [],
      { status: 'failed', startTime: new Date(AT), duration: 0 },
    );
    expect(junit).toContain('<skipped message="Not run: Pluvo did not answer (HTTP 502)."/>');
    expect(junit).not.toMatch(/<failure|<error/);
    const html = statusPage([line], NOW);
    expect(html).toContain(`<tr data-check="a.one"><td data-label="now"><span class="dot" style="background:${STATE_COLOURS.unknown}"></span>not run</td>`);
    // The run counts against Pluvo (it did not answer); the checks that did not run count neither way.
    expect(html).toMatch(/data-window="1" data-availability="0.00"/);
    expect(html).toMatch(/<tr data-check="a.one">.*?<td class="num" data-label="24 hours">–<\/td>/s);
  });
});
