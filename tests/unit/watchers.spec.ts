import { test, expect } from '../contract/base-test';
import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { sendHeartbeat } from '../../src/report/heartbeat';
import { runMetrics } from '../../src/report/metrics';
import type { RunSummary } from '../../src/report/run-summary';
import { recordingWebhook } from '../support/recording-webhook';
import { record } from '../support/records';

/**
 * What on-call tools read besides Slack: the heartbeat (a dead-man's switch) and the metrics in
 * Prometheus' text format, read back by an independent parser (parse-prometheus-text-format).
 */
const AT = '2026-12-01T12:00:00.000Z';
function summary(verdict: RunSummary['verdict'], checks: RunSummary['checks']): RunSummary {
  return { at: AT, target: 'acme (https://acme.pluvo.com)', targetKey: 'https://acme.pluvo.com', verdict, checks, notices: [] };
}

test.describe('the heartbeat', () => {
  test('a completed run pings once: the URL when all is well, its /fail form while trouble is told; a stop sends nothing', async () => {
    const service = await recordingWebhook();
    try {
      expect(await sendHeartbeat(service.url, 'success', 'acme: verdict: passed')).toEqual({ delivered: true, line: 'heartbeat: sent (success)' });
      expect(await sendHeartbeat(`${service.url}/`, 'fail', 'globex: verdict: unavailable')).toEqual({ delivered: true, line: 'heartbeat: sent (fail)' });
      expect(await sendHeartbeat(service.url, 'stopped', '')).toEqual({
        delivered: true,
        line: 'heartbeat: not sent (the run was stopped before it completed)',
      });
      expect(service.received.map((ping) => [ping.path, ping.body])).toEqual([
        ['/services/T0SANDBOX/B0SANDBOX/webhookSecretXyZ123', 'acme: verdict: passed'],
        ['/services/T0SANDBOX/B0SANDBOX/webhookSecretXyZ123/fail', 'globex: verdict: unavailable'],
      ]);
    } finally {
      service.close();
    }
  });

  test('a service that refuses, hangs or is not there: one line, bounded, and never the URL', async () => {
    const service = await recordingWebhook();
    try {
      service.failWith(500);
      expect(await sendHeartbeat(service.url, 'success', '')).toEqual({ delivered: false, line: 'heartbeat: not delivered (HTTP 500)' });
      service.hang();
      expect(await sendHeartbeat(service.url, 'success', '', { timeoutMs: 200 })).toEqual({
        delivered: false,
        line: 'heartbeat: not delivered (no answer within 200 ms)',
      });
    } finally {
      service.close();
    }
    const gone = await sendHeartbeat('http://127.0.0.1:1/ping/secret-uuid-0123', 'success', '', { timeoutMs: 1_000 });
    expect(gone.delivered).toBe(false);
    expect(gone.line).toMatch(/^heartbeat: not delivered \(/);
    expect(gone.line).not.toContain('secret-uuid-0123');
  });
});

test.describe('the metrics', () => {
  const checks = [
    record({ checkId: 'auth.token-issued', area: 'auth', outcome: 'passed', latency: { p50Ms: 40, p95Ms: 120, verdict: 'ok' } }),
    record({ checkId: 'paging.cursor-walk.paginatedUsers', area: 'paging', outcome: 'failed' }),
    record({ checkId: 'shape.response.UsersPage', area: 'shape', outcome: 'degraded' }),
    record({ checkId: 'auth.expired-token', area: 'auth', outcome: 'skipped' }),
    {
      ...record({ checkId: 'schema.drift', area: 'schema', outcome: 'passed' }),
      facts: { changes_breaking: 1, changes_dangerous: 3, changes_non_breaking: 12 },
    },
  ];
  const durationsMs = new Map(checks.map((check, i) => [`https://acme.pluvo.com\n${check.checkId}`, 1500 + i]));

  test('Prometheus text format, by its conventions: base units, one family a metric, every check of the run', async () => {
    const history = [
      {
        at: '2026-12-01T11:00:00.000Z',
        target: 'acme',
        targetKey: 'https://acme.pluvo.com',
        verdict: 'passed' as const,
        counts: { passed: 1, failed: 0, flaky: 0, degraded: 0, skipped: 0 },
        checks: { 'paging.cursor-walk.paginatedUsers': ['passed', 1, 1] as ['passed', number, number] },
      },
    ];
    const text = await runMetrics({ runs: [summary('failed', checks)], history, durationsMs }).metrics();
    const families = parsePrometheusTextFormat(text);
    for (const family of families) {
      expect(family.name).toMatch(/^pluvo_[a-z0-9_]+$/);
      expect(family.type).toBe('GAUGE');
      expect(family.help.length).toBeGreaterThan(10);
    }
    const values = (name: string) =>
      Object.fromEntries((families.find((f) => f.name === name)?.metrics ?? []).map((m) => [Object.values(m.labels ?? {}).join(' / '), Number(m.value)]));
    expect(values('pluvo_check_success')).toEqual({
      'acme (https://acme.pluvo.com) / auth.token-issued / auth': 1,
      'acme (https://acme.pluvo.com) / paging.cursor-walk.paginatedUsers / paging': 0,
      'acme (https://acme.pluvo.com) / shape.response.UsersPage / shape': 1,
      'acme (https://acme.pluvo.com) / schema.drift / schema': 1,
    });
    expect(values('pluvo_check_degraded')['acme (https://acme.pluvo.com) / shape.response.UsersPage']).toBe(1);
    // Every check that ran has its duration; the skipped one, like its success, none.
    expect(values('pluvo_check_duration_seconds')).toEqual({
      'acme (https://acme.pluvo.com) / auth.token-issued': 1.5,
      'acme (https://acme.pluvo.com) / paging.cursor-walk.paginatedUsers': 1.501,
      'acme (https://acme.pluvo.com) / shape.response.UsersPage': 1.502,
      'acme (https://acme.pluvo.com) / schema.drift': 1.504,
    });
    expect(values('pluvo_check_latency_p95_seconds')).toEqual({ 'acme (https://acme.pluvo.com) / auth.token-issued': 0.12 });
    // The walk failed now; it last held an hour ago, in history.
    expect(values('pluvo_check_last_success_timestamp_seconds')['acme (https://acme.pluvo.com) / paging.cursor-walk.paginatedUsers']).toBe(
      Date.parse('2026-12-01T11:00:00.000Z') / 1000,
    );
    expect(values('pluvo_run_success')).toEqual({ 'acme (https://acme.pluvo.com)': 0 });
    const verdicts = values('pluvo_run_verdict');
    expect(Object.entries(verdicts).filter(([, v]) => v === 1)).toEqual([['acme (https://acme.pluvo.com) / failed', 1]]);
    expect(Object.keys(verdicts)).toHaveLength(11);
    expect(values('pluvo_schema_changes')).toEqual({
      'acme (https://acme.pluvo.com) / breaking': 1,
      'acme (https://acme.pluvo.com) / dangerous': 3,
      'acme (https://acme.pluvo.com) / non_breaking': 12,
    });
    expect(values('pluvo_run_timestamp_seconds')).toEqual({ 'acme (https://acme.pluvo.com)': Date.parse(AT) / 1000 });
  });
});

test.describe('the Grafana dashboard', () => {
  test('every query asks for metrics that a run writes, and every metric a run writes is on it', async () => {
    const dashboard = JSON.parse(readFileSync('monitoring/grafana-dashboard.json', 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const asked = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/\bpluvo_[a-z0-9_]+/g) ?? [])));
    const written = parsePrometheusTextFormat(await runMetrics({ runs: [summary('passed', [])], history: [], durationsMs: new Map() }).metrics()).map(
      (family) => family.name,
    );
    expect([...asked].sort()).toEqual([...written].sort());
  });
});
