import { test, expect } from '../contract/base-test';
import Ajv from 'ajv';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryLine } from '../../src/report/alert-files';
import { SHARED_INCIDENT_AT, type CheckVerdict, type RunVerdict } from '../../src/outcome/verdict';
import { writeStatusPage } from '../../src/report/status-files';
import { statusSummary } from '../../src/report/status-summary';
import { scratchDir } from '../support/scratch';

/**
 * reports/summary.json against the shape of Atlassian Statuspage's public `/api/v2/summary.json`
 * (developer.statuspage.io: page, components with their five states, unresolved incidents with
 * their updates, scheduled maintenances, the status indicator), written down here from those docs,
 * not from our code, and checked with ajv.
 */
const STATUSPAGE_SUMMARY = {
  type: 'object',
  required: ['page', 'components', 'incidents', 'scheduled_maintenances', 'status'],
  properties: {
    page: {
      type: 'object',
      required: ['id', 'name', 'url', 'time_zone', 'updated_at'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' }, updated_at: { type: 'string', format: 'date-time' } },
    },
    components: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'name',
          'status',
          'created_at',
          'updated_at',
          'position',
          'description',
          'showcase',
          'group_id',
          'page_id',
          'group',
          'only_show_if_degraded',
        ],
        properties: {
          status: { enum: ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] },
          position: { type: 'integer' },
          group: { type: 'boolean' },
          group_id: { type: ['string', 'null'] },
          components: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    incidents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'page_id', 'incident_updates'],
        properties: {
          status: { enum: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] },
          impact: { enum: ['none', 'minor', 'major', 'critical'] },
          incident_updates: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at'],
              properties: { status: { enum: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] }, body: { type: 'string' } },
            },
          },
        },
      },
    },
    scheduled_maintenances: { type: 'array' },
    status: {
      type: 'object',
      required: ['indicator', 'description'],
      properties: { indicator: { enum: ['none', 'minor', 'major', 'critical'] }, description: { type: 'string' } },
    },
  },
} as const;

type Timings = [CheckVerdict, number | null, number | null];
function line(at: string, targetKey: string, verdict: RunVerdict, checks: Record<string, Timings>, extra: Partial<HistoryLine> = {}): HistoryLine {
  const counts: Record<string, number> = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0 };
  for (const [outcome] of Object.values(checks)) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return { at, target: targetKey, targetKey, verdict, counts, checks, ...extra };
}

const NOW = new Date('2026-12-01T12:05:00.000Z');
const history = [
  line('2026-12-01T10:00:00.000Z', 'acme', 'failed', { a: ['failed', 1, 1], b: ['passed', 1, 1] }, { titles: { a: 'the token is issued' } }),
  line('2026-12-01T11:00:00.000Z', 'acme', 'passed', { a: ['passed', 1, 1], b: ['passed', 1, 1] }),
  line(
    '2026-12-01T12:00:00.000Z',
    'acme',
    'failed',
    { a: ['passed', 1, 1], b: ['failed', 1, 1] },
    { titles: { b: 'pages chain by endCursor' }, report: 'https://ci.example/9' },
  ),
  line('2026-12-01T12:00:00.000Z', 'globex', 'unavailable', { a: ['failed', 1, 1] }, { said: 'Pluvo did not answer (HTTP 502) before any check' }),
];
const validate = () => new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(STATUSPAGE_SUMMARY);

test.describe("summary.json, in Statuspage's shape", () => {
  test('validates against the shape of Statuspage’s summary.json', () => {
    const check = validate();
    expect(check(statusSummary(history, NOW)), JSON.stringify(check.errors)).toBe(true);
    expect(check(statusSummary([], NOW)), JSON.stringify(check.errors)).toBe(true);
  });

  test('each target a group component with its checks as components, in their states; the open incidents only; the worst target sets the indicator', () => {
    const summary = statusSummary(history, NOW, { titles: { a: 'the token is issued' } }) as {
      components: Array<{ id: string; name: string; status: string; group: boolean; group_id: string | null; components?: string[] }>;
      incidents: Array<{ name: string; status: string; impact: string; shortlink: string | null; incident_updates: Array<{ body: string }> }>;
      status: { indicator: string; description: string };
    };
    const [acme, a, b, globex] = summary.components;
    expect([acme!.name, acme!.status, acme!.group, acme!.group_id]).toEqual(['acme', 'partial_outage', true, null]);
    expect(acme!.components).toEqual([a!.id, b!.id]);
    expect([a!.name, a!.status, a!.group_id]).toEqual(['the token is issued', 'operational', acme!.id]);
    expect([b!.name, b!.status]).toEqual(['pages chain by endCursor', 'partial_outage']);
    expect([globex!.name, globex!.status]).toEqual(['globex', 'major_outage']);
    // acme's first incident ended at 11:00 and is not listed; its second and globex's are open.
    expect(summary.incidents.map((i) => [i.name, i.status, i.impact, i.shortlink])).toEqual([
      ['acme: Pluvo contract broken: pages chain by endCursor', 'investigating', 'major', 'https://ci.example/9'],
      ['globex: Pluvo API unavailable: Pluvo did not answer (HTTP 502) before any check', 'investigating', 'critical', null],
    ]);
    expect(summary.incidents[1]!.incident_updates[0]!.body).toBe('Pluvo did not answer (HTTP 502) before any check (1 run; alerts sent: none)');
    expect(summary.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect((statusSummary(history.slice(1, 2), NOW) as { status: unknown }).status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  test(`trouble of one kind at ${SHARED_INCIDENT_AT} organisations or more is one incident with each of their components, as PagerDuty and GitHub issues tell it`, () => {
    const down = (target: string, at: string) =>
      line(at, target, 'unavailable', { a: ['unavailable', 1, 1] }, { said: 'Pluvo did not answer (HTTP 502) before any check' });
    const outage = [
      ...history,
      down('initech', '2026-12-01T11:00:00.000Z'),
      down('initech', '2026-12-01T12:00:00.000Z'),
      down('umbrella', '2026-12-01T12:00:00.000Z'),
    ];
    const summary = statusSummary(outage, NOW) as {
      components: Array<{ id: string; name: string; status: string; group: boolean }>;
      incidents: Array<{
        name: string;
        impact: string;
        created_at: string;
        components: Array<{ id: string; name: string; status: string }>;
        incident_updates: Array<{ body: string }>;
      }>;
    };
    expect(validate()(summary)).toBe(true);
    const groups = new Map(summary.components.filter((component) => component.group).map((component) => [component.name, component.id]));
    // The outage first, as the most widespread, since the first of them; acme's broken contract its own.
    expect(summary.incidents.map((i) => [i.name, i.impact, i.created_at, i.components.map((c) => [c.id, c.name, c.status])])).toEqual([
      [
        'Pluvo API unavailable: 3 organisations',
        'critical',
        '2026-12-01T11:00:00.000Z',
        // In the order of their components.
        ['initech', 'globex', 'umbrella'].map((name) => [groups.get(name), name, 'major_outage']),
      ],
      ['acme: Pluvo contract broken: pages chain by endCursor', 'major', '2026-12-01T12:00:00.000Z', [[groups.get('acme'), 'acme', 'partial_outage']]],
    ]);
    expect(summary.incidents[0]!.incident_updates[0]!.body).toBe('Pluvo API unavailable: 3 organisations: initech, globex, umbrella.');
    // Two are two incidents, as specific as one.
    expect((statusSummary(outage.slice(0, -1), NOW) as { incidents: unknown[] }).incidents).toHaveLength(3);
  });

  test('Pluvo answering only in part is a partial outage: the group, the indicator and the incident; one run that nothing answered makes the incident whole', () => {
    const said = { said: 'Pluvo did not answer (HTTP 502) on 1 of 3 checks' };
    const inPart = (at: string) => line(at, 'initech', 'unavailable', { a: ['unavailable', 1, 1], b: ['passed', 1, 1], c: ['passed', 1, 1] }, said);
    const whole = (at: string) => line(at, 'initech', 'unavailable', { a: ['unavailable', 1, 1], b: ['passed', 1, 1], c: ['not-run', null, null] }, said);
    type Summary = {
      components: Array<{ status: string; description: string }>;
      incidents: Array<{ name: string; impact: string }>;
      status: { indicator: string };
    };
    const partly = statusSummary([inPart('2026-12-01T11:00:00.000Z'), inPart('2026-12-01T12:00:00.000Z')], NOW) as Summary;
    expect([partly.components[0]!.status, partly.components[0]!.description]).toEqual([
      'partial_outage',
      'last checked 2026-12-01T12:00:00.000Z: Pluvo answered only in part',
    ]);
    expect(partly.incidents.map((i) => [i.name, i.impact])).toEqual([
      ['initech: Pluvo API partly unavailable: Pluvo did not answer (HTTP 502) on 1 of 3 checks', 'major'],
    ]);
    expect(partly.status.indicator).toBe('major');
    // Down for a run, then answering in part: the group is as the last run, the incident as its worst.
    const worse = statusSummary([whole('2026-12-01T11:00:00.000Z'), inPart('2026-12-01T12:00:00.000Z')], NOW) as Summary;
    expect(worse.components[0]!.status).toBe('partial_outage');
    expect(worse.incidents.map((i) => [i.name.split(':')[1], i.impact])).toEqual([[' Pluvo API unavailable', 'critical']]);
  });

  test('no verdict, or no run for too long: the last state Pluvo was seen in, and a description that says why', () => {
    const stale = statusSummary(history.slice(0, 2), new Date('2026-12-01T14:30:00.000Z'), { expectedEveryMs: 3_600_000 }) as {
      components: Array<{ status: string; description: string }>;
    };
    expect(stale.components[0]).toMatchObject({ status: 'operational', description: 'stale: no run since 2026-12-01T11:00:00.000Z' });
    const ours = statusSummary([...history.slice(0, 2), line('2026-12-01T12:00:00.000Z', 'acme', 'monitor-error', {})], NOW) as {
      components: Array<{ status: string; description: string }>;
    };
    expect(ours.components[0]).toMatchObject({ status: 'operational', description: 'no verdict on Pluvo in the last run: monitor error' });
  });

  test("a check kept from running by its target's outage is in the outage's state and says so; one skipped, or not run in a stopped run, keeps the state it was last seen in", () => {
    type Summary = { components: Array<{ name: string; status: string; description: string; group: boolean }> };
    const down = { said: 'Pluvo did not answer (ECONNREFUSED) before any check' };
    const notRun: Record<string, Timings> = { a: ['not-run', null, null], b: ['not-run', null, null], s: ['skipped', null, null] };
    const checks = (summary: Summary) => summary.components.filter((component) => !component.group).map((c) => [c.name, c.status, c.description]);
    // Down from its first run: nothing was ever seen, and nothing is operational.
    const neverSeen = statusSummary([line('2026-12-01T12:00:00.000Z', 'initech', 'unavailable', notRun, down)], NOW) as Summary;
    expect(neverSeen.components[0]!.status).toBe('major_outage');
    expect(checks(neverSeen)).toEqual([
      ['a', 'major_outage', 'a: not run in the last run: Pluvo did not answer'],
      ['b', 'major_outage', 'b: not run in the last run: Pluvo did not answer'],
      ['s', 'operational', 's: skipped in the last run'],
    ]);
    // Passing an hour ago, down now: the same, whatever was seen before.
    const healthy = line('2026-12-01T11:00:00.000Z', 'initech', 'failed', { a: ['passed', 1, 1], b: ['failed', 1, 1], s: ['skipped', null, null] });
    const downNow = statusSummary([healthy, line('2026-12-01T12:00:00.000Z', 'initech', 'unavailable', notRun, down)], NOW) as Summary;
    expect(checks(downNow).map(([name, status]) => [name, status])).toEqual([
      ['a', 'major_outage'],
      ['b', 'major_outage'],
      ['s', 'operational'],
    ]);
    // A run stopped before its checks says nothing of Pluvo: each check as it was last seen, and when.
    const stopped = statusSummary([healthy, line('2026-12-01T12:00:00.000Z', 'initech', 'interrupted', notRun)], NOW) as Summary;
    expect(checks(stopped)).toEqual([
      ['a', 'operational', 'a: not run in the last run; as last checked 2026-12-01T11:00:00.000Z'],
      ['b', 'partial_outage', 'b: not run in the last run; as last checked 2026-12-01T11:00:00.000Z'],
      ['s', 'operational', 's: skipped in the last run'],
    ]);
    // Checks that ran are as they ran, described by their id.
    expect(checks(statusSummary([healthy], NOW) as Summary)).toEqual([
      ['a', 'operational', 'a'],
      ['b', 'partial_outage', 'b'],
      ['s', 'operational', 's: skipped in the last run'],
    ]);
  });

  test('written beside the status page, whole', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-summary-'));
    writeStatusPage(dir, history, {}, NOW);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(statusSummary(history, NOW));
  });
});
