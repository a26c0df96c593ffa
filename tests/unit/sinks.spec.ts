import { test, expect } from '../contract/base-test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadSettings } from '../../src/config/load-config';
import { DEFAULT_POLICY } from '../../src/config/policy';
import { whatToDo } from '../../src/report/advice';
import { decideAlert, EMPTY_TARGET_STATE, type TargetAlertState } from '../../src/report/alert-policy';
import type { CheckRecord, RunSummary } from '../../src/report/run-summary';
import { SINKS } from '../../src/sinks/all-sinks';
import { traceOf } from '../../src/sinks/otel';
import { dedupKey } from '../../src/sinks/pagerduty';
import type { RunResult, Sink, TargetResult } from '../../src/sinks/sink';
import { SIGNATURE_HEADER } from '../../src/sinks/webhook';
import { fakeGitHub } from '../support/fake-github';
import { recordingWebhook } from '../support/recording-webhook';
import { record } from '../support/records';
import { scratchDir } from '../support/scratch';

/**
 * The sinks behind one interface, against recording servers on 127.0.0.1: PagerDuty's Events API
 * v2 (one trigger and one resolve per incident, with one dedup_key), the signed webhook (its
 * signature verifies with the secret, its body validates against the published schema), and the
 * settings each refuses in one line before a run.
 */
const ROUTING_KEY = 'R0UT1NGKEYabcdefghijklmnopqrstuv';
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
const reports = () => mkdtempSync(join(scratchDir(), 'pluvo-sinks-'));

function sinksFor(env: Record<string, string>): Sink[] {
  const settings = loadSettings(env);
  const dir = reports();
  return SINKS.map((factory) => factory(settings, dir)).filter((sink): sink is Sink => !!sink);
}

/** The PagerDuty sink, sending to a recording server's origin as if it were events.pagerduty.com. */
const pagerDutySink = (url: string) =>
  sinksFor({ PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: new URL(url).origin }).find((each) => each.name === 'PagerDuty');

/** The GitHub issues sink, sending to a fake GitHub as if it were api.github.com. */
const gitHubSink = (url: string) =>
  sinksFor({ PLUVO_GITHUB_ISSUES: '1', GITHUB_TOKEN: 'ghs_tokenTOKENtoken123', GITHUB_REPOSITORY: 'acme-corp/monitor', GITHUB_API_URL: url }).find(
    (each) => each.name === 'GitHub issues',
  );

const healthy = (id: string) => record({ checkId: id, title: `title of ${id}`, outcome: 'passed' });
const broken = (id: string) => record({ checkId: id, title: `title of ${id}`, outcome: 'failed', failures: [{ message: 'got HTTP 200', cause: 'contract' }] });
function summary(target: string, at: string, checks: CheckRecord[]): RunSummary {
  const verdict = checks.some((check) => check.outcome === 'failed') ? 'failed' : 'passed';
  return { at, target: `${target} (https://${target}.pluvo.com)`, targetKey: `https://${target}.pluvo.com`, verdict, checks, notices: [] };
}

/** One run's organisations, each with the same checks. */
const each = (names: readonly string[], checks: CheckRecord[]): Array<[string, CheckRecord[]]> => names.map((name) => [name, checks]);
const orgs = (count: number) => Array.from({ length: count }, (_, i) => `org${i}`);

/** A stand-in server for one test, closed whatever the test does. */
async function withServer<Server extends { close(): unknown }>(start: () => Promise<Server>, use: (server: Server) => Promise<void>): Promise<void> {
  const server = await start();
  try {
    await use(server);
  } finally {
    server.close();
  }
}

/** A recording server that accepts every event, as PagerDuty's Events API does (202). */
async function acceptingPagerDuty() {
  const pagerDuty = await recordingWebhook();
  pagerDuty.failWith(202);
  return pagerDuty;
}

/** Runs through the alert policy, as the end of a run does, one result each. */
function results(runs: Array<Array<[string, CheckRecord[]]>>): RunResult[] {
  const states = new Map<string, TargetAlertState>();
  return runs.map((targets, hour) => {
    const at = new Date(Date.parse('2026-12-01T10:00:00Z') + hour * 3_600_000).toISOString();
    const judged: TargetResult[] = targets.map(([name, checks]) => {
      const run = summary(name, at, checks);
      const decision = decideAlert(states.get(run.targetKey) ?? EMPTY_TARGET_STATE, run, DEFAULT_POLICY);
      states.set(run.targetKey, decision.next);
      return { summary: run, decision, context: { reportUrl: 'https://ci.example/runs/7', statusUrl: 'https://status.example/' } };
    });
    return { startedAt: at, at, targets: judged };
  });
}

/**
 * An event as PagerDuty's Events API v2 reference describes the body of /v2/enqueue (its OpenAPI
 * description, transcribed), with the limits its documentation gives (a dedup_key of at most 255
 * characters, a summary of at most 1,024) and nothing it does not read: what it would refuse with a 400.
 */
const PAGERDUTY_EVENT = {
  type: 'object',
  required: ['routing_key', 'event_action'],
  properties: {
    routing_key: { type: 'string', minLength: 32, maxLength: 32 },
    event_action: { enum: ['trigger', 'acknowledge', 'resolve'] },
    dedup_key: { type: 'string', minLength: 1, maxLength: 255 },
    client: { type: 'string' },
    client_url: { type: 'string', format: 'uri' },
    links: {
      type: 'array',
      items: {
        type: 'object',
        required: ['href'],
        properties: { href: { type: 'string', format: 'uri' }, text: { type: 'string' } },
        additionalProperties: false,
      },
    },
    payload: {
      type: 'object',
      required: ['summary', 'severity', 'source'],
      properties: {
        summary: { type: 'string', minLength: 1, maxLength: 1024 },
        timestamp: { type: 'string', format: 'date-time' },
        severity: { enum: ['critical', 'warning', 'error', 'info'] },
        source: { type: 'string', minLength: 1 },
        component: { type: 'string' },
        group: { type: 'string' },
        class: { type: 'string' },
        custom_details: { type: 'object' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  // A trigger carries what the alert says; any other action names the alert it is about.
  if: { properties: { event_action: { const: 'trigger' } } },
  then: { required: ['payload'] },
  else: { required: ['dedup_key'] },
};
const pagerDutyAccepts = (() => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(PAGERDUTY_EVENT);
  /** Every event sent to /v2/enqueue, as PagerDuty reads it: none it would refuse. */
  return (received: ReadonlyArray<{ path: string; body: unknown }>) => {
    const events = received.filter((event) => event.path === '/v2/enqueue');
    expect(events.length).toBeGreaterThan(0);
    for (const { body } of events) expect(validate(body) ? [] : validate.errors, JSON.stringify(body).slice(0, 200)).toEqual([]);
  };
})();

test.describe('PagerDuty Events API v2', () => {
  test('a contract break, the same again, then a recovery: one trigger and one resolve with the same dedup_key', async () => {
    await withServer(acceptingPagerDuty, async (pagerDuty) => {
      const sink = pagerDutySink(pagerDuty.url);
      expect(sink?.name).toBe('PagerDuty');
      const lines: string[] = [];
      for (const result of results([
        [['acme', [broken('auth.a'), healthy('auth.b')]]],
        [['acme', [broken('auth.a'), healthy('auth.b')]]],
        [['acme', [healthy('auth.a')]]],
      ])) {
        const delivery = await sink!.send(result);
        expect(delivery.delivered).toBe(true);
        lines.push(delivery.line);
      }
      expect(pagerDuty.received.map((event) => [event.path, event.body.event_action, event.body.dedup_key])).toEqual([
        ['/v2/enqueue', 'trigger', 'pluvo-contract-monitor:https://acme.pluvo.com:contract'],
        ['/v2/enqueue', 'resolve', 'pluvo-contract-monitor:https://acme.pluvo.com:contract'],
      ]);
      const trigger = pagerDuty.received[0]!.body;
      expect(trigger).toMatchObject({
        routing_key: ROUTING_KEY,
        payload: { severity: 'error', source: 'acme (https://acme.pluvo.com)', class: 'failed', group: 'contract' },
        links: [
          { href: 'https://ci.example/runs/7', text: "This run's report" },
          { href: 'https://status.example/', text: 'The status page' },
        ],
      });
      expect(trigger.payload.summary).toBe('acme (https://acme.pluvo.com): Pluvo contract broken: 1 contract broken: title of auth.a');
      // The console says what went, and never the key.
      expect(lines).toEqual([
        'PagerDuty: 1 event sent (trigger https://acme.pluvo.com:contract).',
        '',
        'PagerDuty: 1 event sent (resolve https://acme.pluvo.com:contract).',
      ]);
      expect(lines.join('\n')).not.toContain(ROUTING_KEY);
      pagerDutyAccepts(pagerDuty.received);
    });
  });

  test("Pluvo not answering: critical when it answered none of the run's checks, an error when it answered most of them", async () => {
    await withServer(acceptingPagerDuty, async (pagerDuty) => {
      const sink = pagerDutySink(pagerDuty.url);
      const noAnswer = (id: string) =>
        record({ checkId: id, title: `title of ${id}`, outcome: 'failed', cause: 'unavailable', failures: [{ message: 'HTTP 502', cause: 'unavailable' }] });
      const toldAtOnce = { ...DEFAULT_POLICY, afterRuns: { ...DEFAULT_POLICY.afterRuns, unavailable: 1 } };
      const at = '2026-12-01T10:00:00.000Z';
      const targets = [
        ['down', [noAnswer('auth.a'), noAnswer('auth.b')]],
        ['flapping', [noAnswer('auth.a'), healthy('auth.b'), healthy('auth.c')]],
      ] as const;
      for (const [name, checks] of targets) {
        const run: RunSummary = { ...summary(name, at, [...checks]), verdict: 'unavailable' };
        const decision = decideAlert(EMPTY_TARGET_STATE, run, toldAtOnce);
        expect((await sink!.send({ startedAt: at, at, targets: [{ summary: run, decision, context: {} }] })).delivered).toBe(true);
      }
      const [down, flapping] = pagerDuty.received.map((event) => event.body.payload);
      expect([down.severity, flapping.severity]).toEqual(['critical', 'error']);
      expect(down.summary).toMatch(/^down \(https:\/\/down\.pluvo\.com\): Pluvo API unavailable: /);
      expect(flapping.summary).toMatch(/^flapping \(https:\/\/flapping\.pluvo\.com\): Pluvo API partly unavailable: /);
      pagerDutyAccepts(pagerDuty.received);
    });
  });

  test('two organisations broken in one run are two PagerDuty alerts, one each, as specific as one', async () => {
    await withServer(acceptingPagerDuty, async (pagerDuty) => {
      const [run] = results([each(orgs(2), [broken('auth.a')])]);
      expect((await pagerDutySink(pagerDuty.url)!.send(run!)).delivered).toBe(true);
      expect(pagerDuty.received.map((event) => event.body.dedup_key)).toEqual([
        dedupKey('https://org0.pluvo.com', 'contract'),
        dedupKey('https://org1.pluvo.com', 'contract'),
      ]);
    });
  });

  test('twenty organisations failing in one run are one PagerDuty alert that names them; joined, left and resolved as one; a refusal is one line and not delivered', async () => {
    await withServer(acceptingPagerDuty, async (pagerDuty) => {
      const sink = pagerDutySink(pagerDuty.url);
      const twenty = orgs(20);
      const [broke, joined, partly, whole] = results([
        each(twenty.slice(0, 19), [broken('auth.a')]),
        each(twenty, [broken('auth.a')]),
        [...each(twenty.slice(0, 10), [healthy('auth.a')]), ...each(twenty.slice(10), [broken('auth.a')])],
        each(twenty, [healthy('auth.a')]),
      ]);
      expect((await sink!.send(broke!)).delivered).toBe(true);
      const [opened] = pagerDuty.received.map((event) => event.body);
      expect(pagerDuty.received).toHaveLength(1);
      expect(opened).toMatchObject({
        event_action: 'trigger',
        dedup_key: expect.stringMatching(/^pluvo-contract-monitor:shared:contract:[0-9a-f]{12}$/),
        payload: {
          summary:
            'Pluvo contract broken: 19 organisations (org0 (https://org0.pluvo.com), org1 (https://org1.pluvo.com), org2 (https://org2.pluvo.com), org3 (https://org3.pluvo.com), org4 (https://org4.pluvo.com) and 14 more)',
          severity: 'error',
          group: 'contract',
          class: 'failed',
          custom_details: { since: '2026-12-01T10:00:00.000Z', what_to_do: whatToDo({ kind: 'failure', verdict: 'failed' }) },
        },
      });
      expect(opened.payload.custom_details.organisations).toHaveLength(19);
      // One more breaks: the same alert, now of twenty. Half recover: nothing PagerDuty needs. The rest: resolved.
      const lines = [];
      for (const run of [joined!, partly!, whole!]) lines.push((await sink!.send(run)).line);
      // The console says what the shared alert is about, and when it is over.
      const key = opened.dedup_key.replace('pluvo-contract-monitor:', '');
      expect(lines).toEqual([
        `PagerDuty: 1 event sent (trigger ${key} (Pluvo contract broken: 20 organisations)).`,
        '',
        `PagerDuty: 1 event sent (resolve ${key} (Pluvo contract broken: over at every organisation)).`,
      ]);
      expect(pagerDuty.received.map((event) => [event.body.event_action, event.body.dedup_key, event.body.payload?.custom_details.joined_this_run])).toEqual([
        ['trigger', opened.dedup_key, twenty.slice(0, 19).map((name) => `${name} (https://${name}.pluvo.com)`)],
        ['trigger', opened.dedup_key, ['org19 (https://org19.pluvo.com)']],
        ['resolve', opened.dedup_key, undefined],
      ]);
      expect(pagerDuty.received[1]!.body.payload.summary).toMatch(/^Pluvo contract broken: 20 organisations /);
      pagerDutyAccepts(pagerDuty.received);
      pagerDuty.failWith(400);
      const refused = await pagerDutySink(pagerDuty.url)!.send(broke!);
      // Refused: every organisation of it is told again next run.
      expect(refused).toEqual({
        delivered: false,
        missed: twenty.slice(0, 19).map((name) => `https://${name}.pluvo.com`),
        line: 'PagerDuty: not delivered (HTTP 400); tried again next run.',
      });
    });
  });

  test('a schema change is one change event, once per set of changes', async () => {
    await withServer(acceptingPagerDuty, async (pagerDuty) => {
      const sink = pagerDutySink(pagerDuty.url);
      const drift = (fingerprint: number) =>
        record({
          checkId: 'schema.drift',
          outcome: 'passed',
          facts: { changes_breaking: 0, changes_dangerous: 1, changes_non_breaking: 3, changes_fingerprint: fingerprint },
        });
      const runs = results([[['acme', [drift(7)]]], [['acme', [drift(7)]]], [['acme', [drift(8)]]]]);
      const lines = [];
      for (const run of runs) lines.push((await sink!.send(run)).line);
      expect(lines).toEqual(['PagerDuty: 1 event sent (change https://acme.pluvo.com).', '', 'PagerDuty: 1 event sent (change https://acme.pluvo.com).']);
      expect(pagerDuty.received.map((event) => event.path)).toEqual(['/v2/change/enqueue', '/v2/change/enqueue']);
      expect(pagerDuty.received[0]!.body).toMatchObject({
        routing_key: ROUTING_KEY,
        payload: {
          summary: "Pluvo's schema changed (acme (https://acme.pluvo.com)): 0 breaking, 1 dangerous, 3 safe",
          source: 'acme (https://acme.pluvo.com)',
        },
      });
      expect(pagerDuty.received[0]!.body).not.toHaveProperty('fingerprint');
    });
  });

  test("a dedup_key stays within PagerDuty's 255 characters however long the target's address", () => {
    const key = dedupKey(`https://${'a'.repeat(400)}.pluvo.com`, 'contract');
    expect(key.length).toBeLessThanOrEqual(255);
    expect(key).toBe(dedupKey(`https://${'a'.repeat(400)}.pluvo.com`, 'contract'));
  });
});

test.describe('the signed webhook', () => {
  test('one event a run for twenty organisations; its signature verifies with the secret; its body validates against the published schema', async () => {
    const receiver = await recordingWebhook();
    try {
      const sink = sinksFor({ ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET }).find((each) => each.name === 'webhook');
      expect(sink?.name).toBe('webhook');
      const [run] = results([each(orgs(20), [broken('auth.a'), healthy('auth.b')])]);
      expect(await sink!.send(run!)).toEqual({ delivered: true, line: 'webhook: the alert event was delivered (ALERT_WEBHOOK_URL).' });
      expect(receiver.received).toHaveLength(1);
      const [event] = receiver.received;
      // As a receiver checks it: HMAC-SHA256 of the raw body, compared in constant time.
      const expected = Buffer.from(`sha256=${createHmac('sha256', WEBHOOK_SECRET).update(event!.raw).digest('hex')}`);
      const given = Buffer.from(String(event!.headers[SIGNATURE_HEADER]));
      expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
      const schema = JSON.parse(readFileSync('json-schemas/alert-event.schema.json', 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      expect(validate(event!.body), JSON.stringify(validate.errors)).toBe(true);
      expect(event!.body.alerts).toHaveLength(20);
      expect(event!.body.alerts[0]).toMatchObject({
        kind: 'failure',
        incident: 'contract',
        verdict: 'failed',
        headline: 'Pluvo contract broken',
        severity: 'error',
      });
      expect(event!.raw).not.toContain(WEBHOOK_SECRET);
      // The same run's event again (after a failed delivery) has the same id.
      await sink!.send(run!);
      expect(receiver.received[1]!.body.id).toBe(event!.body.id);
    } finally {
      receiver.close();
    }
  });

  test("a recovery and a notice say what Slack says: the run's state now, info, and their own advice; the verdict is the incident's", async () => {
    const receiver = await recordingWebhook();
    try {
      const sink = sinksFor({ ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET }).find((each) => each.name === 'webhook');
      const [, recovered] = results([[['acme', [broken('auth.a'), healthy('auth.b')]]], [['acme', [healthy('auth.a'), healthy('auth.b')]]]]);
      const at = '2026-12-01T12:00:00.000Z';
      const withNotice = { ...summary('acme', at, [healthy('auth.a')]), notices: ['Query.users is deprecated: use Query.paginatedUsers'] };
      const noticed: RunResult = { startedAt: at, at, targets: [{ summary: withNotice, decision: decideAlert(EMPTY_TARGET_STATE, withNotice), context: {} }] };
      await sink!.send(recovered!);
      await sink!.send(noticed);
      const [recovery, notice] = receiver.received.map((event) => event.body.alerts[0]);
      expect(recovery).toMatchObject({
        kind: 'recovery',
        incident: 'contract',
        verdict: 'failed',
        state: 'operational',
        severity: 'info',
        headline: 'Pluvo contracts hold again after 1 h',
        whatToDo: whatToDo({ kind: 'recovery', verdict: 'failed' }),
      });
      expect(recovery.whatToDo).toBe('Nothing to do; undo any workaround made for it.');
      expect(notice).toMatchObject({ kind: 'notice', state: 'operational', severity: 'info', whatToDo: whatToDo({ kind: 'notice', verdict: 'passed' }) });
      expect(notice.whatToDo).toMatch(/^Move our operations to the replacement/);
    } finally {
      receiver.close();
    }
  });

  test('a run with nothing to tell sends nothing', async () => {
    const receiver = await recordingWebhook();
    try {
      const sink = sinksFor({ ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET }).find((each) => each.name === 'webhook');
      const [run] = results([[['acme', [healthy('auth.a')]]]]);
      expect(await sink!.send(run!)).toEqual({ delivered: true, line: '' });
      expect(receiver.received).toEqual([]);
    } finally {
      receiver.close();
    }
  });
});

test.describe('OpenTelemetry', () => {
  type OtlpSpan = { name: string; status: { code: number; message?: string } };
  const spansOf = (trace: object) => (trace as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans[0]!.scopeSpans[0]!.spans;

  test('a check that ran is OK or ERROR; one that never ran, and a stopped run, are UNSET, as OTel asks of what was not judged', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const run = (verdict: RunSummary['verdict'], checks: CheckRecord[]): RunResult => {
      const judged = { ...summary('acme', at, checks), verdict };
      return { startedAt: at, at, targets: [{ summary: judged, decision: { alerts: [], next: EMPTY_TARGET_STATE }, context: {} }] };
    };
    const checks = [
      healthy('auth.passed'),
      broken('auth.broken'),
      record({ checkId: 'auth.skipped', outcome: 'skipped' }),
      record({ checkId: 'auth.not-run', outcome: 'not-run' }),
    ];
    const statuses = Object.fromEntries(spansOf(traceOf(run('failed', checks), { serviceName: 'svc' })).map((span) => [span.name, span.status]));
    expect(statuses).toEqual({
      'pluvo contract run': { code: 2, message: 'a contract broken, or no verdict' },
      'check auth.passed': { code: 1 },
      'check auth.broken': { code: 2, message: 'Contract broken: title of auth.broken' },
      'check auth.skipped': { code: 0 },
      'check auth.not-run': { code: 0 },
    });
    // The CI run it belongs to, as Actions names it (GITHUB_RUN_ID), read with the other settings.
    const [root] = spansOf(traceOf(run('failed', checks), loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', GITHUB_RUN_ID: '4242' }).otel!));
    expect((root as unknown as { attributes: unknown[] }).attributes).toContainEqual({ key: 'cicd.pipeline.run.id', value: { stringValue: '4242' } });
    const [stopped] = spansOf(traceOf(run('interrupted', [healthy('auth.passed')]), { serviceName: 'svc' }));
    expect(stopped!.status).toEqual({ code: 0 });
    const [passed] = spansOf(traceOf(run('passed', [healthy('auth.passed')]), { serviceName: 'svc' }));
    expect(passed!.status).toEqual({ code: 1 });
  });
});

// The library's UMD bundle: its ES build imports files without their extensions, which Node refuses.
const AdaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Microsoft's own Adaptive Cards library as the oracle: the card parses with no unknown element or property, and validates. */
function adaptiveCardProblems(payload: { attachments: Array<{ contentType: string; content: object }> }): string[] {
  const [attachment] = payload.attachments;
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(attachment!.content, context);
  const parsed = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return [...parsed, ...card.validateProperties().validationEvents.map((event) => event.message)];
}

test.describe('Microsoft Teams', () => {
  test("fifty broken checks: one Adaptive Card that Microsoft's library accepts, under 28 KB, with Slack's content and no link the target slipped in", async () => {
    const teams = await recordingWebhook();
    teams.failWith(202);
    try {
      const sink = sinksFor({ TEAMS_WEBHOOK_URL: teams.url }).find((each) => each.name === 'Teams');
      const checks = Array.from({ length: 50 }, (_, i) =>
        record({
          checkId: `shape.s${i}`,
          title: `title of shape.s${i}`,
          outcome: 'failed',
          failures: [{ message: `${i}: got [click here](https://evil.example) and <b>bold</b> ${'x'.repeat(900)}`, cause: 'contract' }],
        }),
      );
      const [run] = results([[['acme', checks]]]);
      expect(await sink!.send(run!)).toEqual({ delivered: true, line: 'Teams: the alert card was delivered.' });
      const [message] = teams.received;
      expect(Buffer.byteLength(message!.raw)).toBeLessThan(28 * 1024);
      expect(adaptiveCardProblems(message!.body)).toEqual([]);
      const card = message!.body.attachments[0].content;
      expect(card.version).toBe('1.4');
      expect(card.body[0]).toEqual({ type: 'TextBlock', text: 'Pluvo contract broken', wrap: true, size: 'Large', weight: 'Bolder' });
      expect(card.actions).toEqual([
        { type: 'Action.OpenUrl', title: "Open this run's report", url: 'https://ci.example/runs/7' },
        { type: 'Action.OpenUrl', title: 'Open the status page', url: 'https://status.example/' },
      ]);
      expect(message!.raw).not.toContain('](https://evil.example)');
      expect(JSON.stringify(card.body)).toMatch(/…and \d+ more \(cut to fit Teams; every check is in the report\)\./);
    } finally {
      teams.close();
    }
  });

  test("Slack's emoji are characters on the card: Teams shows an emoji's name as typed", async () => {
    const [slack, teams] = [await recordingWebhook(), await recordingWebhook()];
    try {
      const sinks = sinksFor({ SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url });
      const [run] = results([
        [
          ['acme', [broken('auth.a'), healthy('auth.b')]],
          ['globex', [healthy('auth.a')]],
        ],
      ]);
      for (const sink of sinks) expect((await sink.send(run!)).delivered, sink.name).toBe(true);
      expect(slack.received[0]!.raw).toContain(':x:');
      expect(slack.received[0]!.raw).toContain(':white_check_mark:');
      const texts = (teams.received[0]!.body.attachments[0].content.body as Array<{ text: string }>).map((block) => block.text).join('\n');
      expect(texts).toContain('\u274C');
      expect(texts).toContain('\u2705 globex (https://globex.pluvo.com): passed');
      expect(texts).not.toMatch(/:[a-z_]+:/);
    } finally {
      slack.close();
      teams.close();
    }
  });
});

test.describe('digests', () => {
  test('twenty organisations failing in one run: one Slack message and one Teams card, naming them all', async () => {
    const [slack, teams] = [await recordingWebhook(), await recordingWebhook()];
    try {
      const sinks = sinksFor({ SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url });
      const [run] = results([each(orgs(20), [broken('auth.a')])]);
      for (const sink of sinks) expect((await sink.send(run!)).delivered, sink.name).toBe(true);
      expect([slack.received.length, teams.received.length]).toEqual([1, 1]);
      // What a phone shows: the news once, a few organisations by name, the rest counted.
      expect(slack.received[0]!.body.text).toMatch(
        /^Pluvo contract broken: 20 organisations: org0 \(https:\/\/org0\.pluvo\.com\), org1 .*, org2 .* and 17 more$/,
      );
      expect(adaptiveCardProblems(teams.received[0]!.body)).toEqual([]);
      expect(teams.received[0]!.raw).toContain('org19 (https://org19.pluvo.com)');
    } finally {
      slack.close();
      teams.close();
    }
  });
});

test.describe('GitHub issues as incidents', () => {
  test('a break opens an issue, labelled; the same again is quiet; another break is a comment; the recovery comments how long and closes it', async () => {
    await withServer(fakeGitHub, async (github) => {
      const sink = gitHubSink(github.url);
      const lines: string[] = [];
      const runs = results([
        [['acme', [broken('auth.a'), healthy('auth.b')]]],
        [['acme', [broken('auth.a'), healthy('auth.b')]]],
        [['acme', [broken('auth.a'), broken('auth.b')]]],
        [['acme', [healthy('auth.a'), healthy('auth.b')]]],
      ]);
      for (const run of runs) {
        const delivery = await sink!.send(run);
        expect(delivery.delivered).toBe(true);
        lines.push(delivery.line);
      }
      expect(lines).toEqual(['GitHub issues: opened #1.', '', 'GitHub issues: commented on #1.', 'GitHub issues: closed #1.']);
      const [issue] = github.issues;
      expect(issue).toMatchObject({
        title: 'acme (https://acme.pluvo.com): Pluvo contract broken',
        labels: ['pluvo-incident', 'pluvo:contract'],
        state: 'closed',
      });
      expect(issue!.body).toContain('**1 contract broken: title of auth.a**');
      expect(issue!.comments[0]).toMatch(/^\*\*Pluvo contract failures changed\*\*/);
      expect(issue!.comments[1]).toBe('**Pluvo contracts hold again after 3 h** (2026-12-01 13:00 UTC): over after 3 h.');
      expect(github.requests.every((request) => request.authorization === 'Bearer ghs_tokenTOKENtoken123')).toBe(true);
      expect(lines.join('')).not.toContain('ghs_token');
    });
  });

  test("GitHub's secondary rate limit met partway: the issues opened are said, and only the organisations after them are told again", async () => {
    await withServer(fakeGitHub, async (github) => {
      const sink = gitHubSink(github.url);
      // Two: three organisations broken at once would be one shared issue.
      const [run] = results([each(['acme', 'globex'], [broken('auth.a')])]);
      github.limitCreationsTo(1);
      expect(await sink!.send(run!)).toEqual({
        delivered: false,
        missed: ['https://globex.pluvo.com'],
        line: 'GitHub issues: opened #1; the rest not (HTTP 403 on POST /issues), tried again next run.',
      });
    });
  });

  test('a hundred and fifty organisations broken in one run: one issue that lists them, told who recovers, closed when the last has', async () => {
    await withServer(fakeGitHub, async (github) => {
      const sink = gitHubSink(github.url);
      const all = orgs(150);
      const [broke, same, partly, whole] = results([
        each(all, [broken('auth.a')]),
        each(all, [broken('auth.a')]),
        [...each(all.slice(0, 50), [healthy('auth.a')]), ...each(all.slice(50), [broken('auth.a')])],
        each(all, [healthy('auth.a')]),
      ]);
      const lines: string[] = [];
      for (const run of [broke!, same!, partly!, whole!]) {
        const delivery = await sink!.send(run);
        expect(delivery.delivered).toBe(true);
        lines.push(delivery.line);
      }
      expect(lines).toEqual([
        'GitHub issues: opened #1 (Pluvo contract broken: 150 organisations).',
        '',
        'GitHub issues: commented on #1.',
        'GitHub issues: closed #1.',
      ]);
      expect(github.issues).toHaveLength(1);
      const [issue] = github.issues;
      expect(issue).toMatchObject({ title: 'Pluvo contract broken: 100 organisations', labels: ['pluvo-incident', 'pluvo:contract'], state: 'closed' });
      // Its list is of the organisations still in it: a hundred, each by name, none of those that recovered.
      expect(issue!.body).toContain('**Organisations** (100):\n- org50 (https://org50.pluvo.com)\n');
      expect(issue!.body).not.toContain('org49 (');
      expect(issue!.comments[0]).toMatch(
        /^\*\*Pluvo contract broken: 100 organisations\*\* \(2026-12-01 12:00 UTC\)\n\n- org0 \(https:\/\/org0\.pluvo\.com\): Pluvo contracts hold again after 2 h\n/,
      );
      expect(issue!.comments[1]).toMatch(/^\*\*Over at every organisation after 3 h\.\*\* \(2026-12-01 13:00 UTC\)\n\n- org50 /);
      // Four runs, one issue, five writes: opened; a comment and its list kept to who is still in it; a comment and closed.
      expect(
        github.requests
          .filter((request) => request.method !== 'GET')
          .map((request) => `${request.method} ${request.path.replace('/repos/acme-corp/monitor', '')}`),
      ).toEqual(['POST /issues', 'POST /issues/1/comments', 'PATCH /issues/1', 'POST /issues/1/comments', 'PATCH /issues/1']);
    });
  });

  test("a shared incident's issue edited by hand, its mark of members damaged: the members it still names are told, and the delivery goes through", async () => {
    await withServer(fakeGitHub, async (github) => {
      github.issues.push({
        number: 1,
        title: 'Pluvo API unavailable: 3 organisations',
        body: `edited\n\n<!-- pluvo-contract-monitor:shared:contract:0123456789ab -->\n<!-- pluvo-contract-monitor:members %E0%A4%A ${encodeURIComponent('https://acme.pluvo.com')} -->`,
        labels: ['pluvo-incident', 'pluvo:contract'],
        state: 'open',
        comments: [],
      });
      const [, whole] = results([[['acme', [broken('auth.a')]]], [['acme', [healthy('auth.a')]]]]);
      expect(await gitHubSink(github.url)!.send(whole!)).toEqual({ delivered: true, line: 'GitHub issues: closed #1.' });
      expect(github.issues[0]!.comments[0]).toMatch(
        /^\*\*Over at every organisation after 1 h\.\*\* .*\n\n- acme \(https:\/\/acme\.pluvo\.com\): Pluvo contracts hold again after 1 h$/,
      );
    });
  });

  test('a hundred and fifty issues of one organisation each, all recovering in one run: every issue found again past the first page of a hundred, and closed', async () => {
    await withServer(fakeGitHub, async (github) => {
      const sink = gitHubSink(github.url);
      const all = orgs(150);
      // Opened as each broke on its own, in runs of their own, long enough ago.
      for (const [index, name] of all.entries())
        github.issues.push({
          number: index + 1,
          title: `${name}: Pluvo contract broken`,
          body: `broken\n\n<!-- ${dedupKey(`https://${name}.pluvo.com`, 'contract')} -->`,
          labels: ['pluvo-incident', 'pluvo:contract'],
          state: 'open',
          comments: [],
        });
      const [, , whole] = results([each(all, [broken('auth.a')]), each(all, [broken('auth.a')]), each(all, [healthy('auth.a')])]);
      expect((await sink!.send(whole!)).delivered).toBe(true);
      expect(github.issues.filter((issue) => issue.state === 'closed')).toHaveLength(150);
      const pages = github.requests.filter((request) => request.method === 'GET').map((request) => new URL(request.path, 'http://x').searchParams.get('page'));
      expect(pages).toEqual([null, '2']);
    });
  });
});

test.describe("a sink's settings, refused before a run in one line", () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadSettings(env);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  test('a routing key that is not one, a webhook without its secret or a short one, an events URL that is not a URL: each names the variable and the fix, never the value', () => {
    expect(refusal({ PAGERDUTY_ROUTING_KEY: 'not-a-key' })).toMatch(
      /^PAGERDUTY_ROUTING_KEY: is not a PagerDuty integration key \(32 letters and digits\)\. Copy the service's/,
    );
    expect(refusal({ PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: 'events.pagerduty' })).toMatch(/^PAGERDUTY_EVENTS_URL: is not an http\(s\) URL/);
    expect(refusal({ ALERT_WEBHOOK_URL: 'https://hooks.example/x' })).toMatch(/^ALERT_WEBHOOK_SECRET: must be set, at least 16 characters/);
    expect(refusal({ ALERT_WEBHOOK_URL: 'https://hooks.example/x', ALERT_WEBHOOK_SECRET: 'short' })).toMatch(/^ALERT_WEBHOOK_SECRET: must be set/);
    expect(refusal({ ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET })).toMatch(/^ALERT_WEBHOOK_SECRET: is set without ALERT_WEBHOOK_URL/);
    // A header value with a stray % (OTel's are URL-encoded): one line, not decodeURIComponent's stack trace, and not the value.
    const stray = refusal({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://api.honeycomb.io', OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=ab%zzSECRETPART' });
    expect(stray).toMatch(
      /^OTEL_EXPORTER_OTLP_HEADERS: has a value that is not URL-encoded \(a % not followed by two hex digits\)\. Write a % in a value as %25/,
    );
    expect(stray).not.toContain('SECRETPART');
    for (const message of [
      refusal({ PAGERDUTY_ROUTING_KEY: 'not-a-key' }),
      refusal({ ALERT_WEBHOOK_URL: 'https://hooks.example/x', ALERT_WEBHOOK_SECRET: 'short' }),
    ])
      expect(message).not.toMatch(/not-a-key|short\b/);
    // Unset, no sink but Slack (which writes its file) is there.
    expect(sinksFor({}).map((sink) => sink.name)).toEqual(['Slack']);
  });

  test('a secret is not sent over plain http to another machine: a webhook, a ping URL, a routing key, a token, collector headers or a password in a URL; loopback and https are taken', () => {
    const plain =
      /^[A-Z_]+: is a plain http:\/\/ address, which would send .+ unencrypted\. Give its https:\/\/ address \(plain http is taken only for this machine: localhost, 127\.0\.0\.1, ::1\)$/;
    const refused: Array<[Record<string, string>, string, string]> = [
      [{ SLACK_WEBHOOK_URL: 'http://hooks.slack.com/services/T0/B0/SECRETPART' }, 'SLACK_WEBHOOK_URL', 'the webhook, a secret,'],
      [{ TEAMS_WEBHOOK_URL: 'http://prod.westeurope.logic.azure.com/workflows/SECRETPART' }, 'TEAMS_WEBHOOK_URL', 'the webhook, a secret,'],
      [{ PLUVO_HEARTBEAT_URL: 'http://hc-ping.com/SECRETPART' }, 'PLUVO_HEARTBEAT_URL', 'the ping URL, a secret,'],
      [{ PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: 'http://events.pagerduty.com' }, 'PAGERDUTY_EVENTS_URL', 'the routing key'],
      [
        { PLUVO_GITHUB_ISSUES: '1', GITHUB_TOKEN: 'ghs_SECRETPART', GITHUB_REPOSITORY: 'acme/pluvo', GITHUB_API_URL: 'http://github.acme.internal/api/v3' },
        'GITHUB_API_URL',
        'GITHUB_TOKEN',
      ],
      [
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://api.honeycomb.io', OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=SECRETPART' },
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'its headers (x-honeycomb-team)',
      ],
      [{ PLUVO_PUSHGATEWAY_URL: 'http://ops:SECRETPART@pushgateway:9091' }, 'PLUVO_PUSHGATEWAY_URL', 'the user and password in it'],
    ];
    for (const [env, variable, what] of refused) {
      const message = refusal(env);
      expect(message, variable).toMatch(plain);
      expect(message).toContain(`${variable}: is a plain http:// address, which would send ${what} unencrypted.`);
      expect(message).not.toContain('SECRETPART');
    }
    // This machine, https, and plain http where nothing secret goes: taken as before.
    for (const env of [
      { SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/hook', TEAMS_WEBHOOK_URL: 'http://localhost:9/x', PLUVO_HEARTBEAT_URL: 'http://[::1]:9/ping' },
      {
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/X',
        PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
        PAGERDUTY_EVENTS_URL: 'https://events.eu.pagerduty.com',
      },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', PLUVO_PUSHGATEWAY_URL: 'http://pushgateway:9091' },
      { ALERT_WEBHOOK_URL: 'http://alerts.internal/pluvo', ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET },
    ] as Array<Record<string, string>>)
      expect(refusal(env), JSON.stringify(Object.keys(env))).toBeUndefined();
  });
});
