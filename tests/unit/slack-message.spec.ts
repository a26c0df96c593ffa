import { test, expect } from '../contract/base-test';
import { combineMessages, cut, digestOf, slackMessage as messageOf, withOverview, type MessageContext } from '../../src/report/slack-message';
import { record as build } from '../support/records';
import type { CheckRecord, RunSummary, RunVerdict } from '../../src/report/run-summary';
import type { Alert, AlertKind } from '../../src/report/alert-policy';
import { VERDICTS } from '../../src/outcome/verdict';

/** The message of one alert of the run's own incident (or, for a recovery, of `incident`'s). */
function slackMessage(
  kind: AlertKind,
  summary: RunSummary,
  given: MessageContext & { since?: string; runs?: number; what?: string; verdict?: RunVerdict } = {},
) {
  const { since, runs, what, verdict, ...context } = given;
  const of = verdict ?? summary.verdict;
  const alert: Alert = {
    kind,
    verdict: of,
    ...(VERDICTS[of].incident ? { incident: VERDICTS[of].incident } : {}),
    ...(since ? { since } : {}),
    ...(runs ? { runs } : {}),
    ...(what ? { what } : {}),
  };
  return messageOf(alert, summary, context);
}

/**
 * The Slack message as the on-call person reads it, whole: every block, every line, for each kind
 * of alert. tests/unit/alerting.spec.ts holds the properties (escaping, limits, no secrets); these
 * pin the wording and the layout, so that a changed word is a reviewed change.
 */

const AT = '2026-12-02T03:00:00.000Z';

function record(checkId: string, outcome: CheckRecord['outcome'], extra: Partial<CheckRecord> = {}): CheckRecord {
  return build({ checkId, title: `title of ${checkId}`, area: checkId.split('.')[0] as CheckRecord['area'], outcome, ...extra });
}
const failed = (...messages: string[]) => ({ failures: messages.map((message) => ({ message, cause: 'contract' as const })) });

function run(verdict: RunVerdict, checks: CheckRecord[], extra: Partial<RunSummary> = {}): RunSummary {
  return { at: AT, target: 'acme (https://acme.pluvo.com)', targetKey: 'acme', verdict, checks, notices: [], ...extra };
}

const brokenToken = record('auth.token-issued', 'failed', failed('got HTTP 500', 'second', 'third', 'fourth'));
const passing = record('paging.page-size', 'passed');

const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const reportLink = (url: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${url}|Open this run's report>` }] });

test.describe('the Slack message, whole, for each kind of alert', () => {
  const SINCE = '2026-12-01T23:00:00.000Z';
  const advice = (line: string) => section(`*What to do:* ${line}`);
  const overview = (...lines: string[]) => section(lines.join('\n'));
  const TARGET = '*Target:* acme (https://acme.pluvo.com)';
  const RUN = (counts: string) => `*Run:* 2026-12-02 03:00 UTC · ${counts}`;
  const down = (checkId: string, extra: Partial<CheckRecord> = {}) =>
    record(checkId, 'failed', {
      cause: 'unavailable',
      operations: ['UsersPage'],
      failures: [{ message: 'UsersPage failed: HTTP 502: <html>502 Bad Gateway</html> nginx', cause: 'unavailable', key: 'HTTP 502 (Bad Gateway)' }],
      ...extra,
    });

  test('failure: a broken contract, since when, how much, what to do with the seed to run it again, the check with its first lines, deprecations, the report', () => {
    const summary = run('failed', [{ ...brokenToken, operations: ['UsersPage'] }, passing], { notices: ['User.email is deprecated: use User.emailAddress'] });
    const context = { mention: 'U0PERSON', reportUrl: 'https://ci.example/r/index.html', since: AT, runs: 1, reproduce: 'PLUVO_PAGING_SEED=7 npm start' };
    expect(slackMessage('failure', summary, context)).toEqual({
      text: '<@U0PERSON> Pluvo contract broken: acme (https://acme.pluvo.com) (1 failed, 1 passed, 0 skipped)',
      blocks: [
        header('Pluvo contract broken'),
        overview(
          `<@U0PERSON> ${TARGET}`,
          '*Since:* 2026-12-02 03:00 UTC (this run)',
          '*Affected:* 1 of 2 checks · our operations: UsersPage',
          RUN('1 failed, 1 passed, 0 skipped'),
        ),
        section(
          '*What to do:* Pluvo answered other than the contract: the probable cause is first in this alert. If Pluvo changed on purpose, take the change in (`npm run schema:pull` and `npm run schemas:generate` for a schema change, `npm run baseline` for a pinned behaviour) and commit; if not, raise it with Pluvo, quoting the report.\nTo run the same checks on the same sample: `PLUVO_PAGING_SEED=7 npm start`',
        ),
        section(':x: *title of auth.token-issued*\n  - got HTTP 500\n  - second\n  - third'),
        section(':warning: *Deprecated, and used by our operations*\n• User.email is deprecated: use User.emailAddress'),
        reportLink('https://ci.example/r/index.html'),
      ],
    });
  });

  test('slowness of forty checks: one section with their p95 range against the threshold, at most 8 blocks, nobody mentioned', () => {
    const slow = Array.from({ length: 40 }, (_, i) =>
      record(`paging.s${i}`, 'degraded', { latency: { p50Ms: 900, p95Ms: 1_800 + i * 7, verdict: 'degraded', message: 'slow', thresholdMs: 1_500 } }),
    );
    const fine = Array.from({ length: 7 }, (_, i) => record(`auth.p${i}`, 'passed'));
    const message = slackMessage('failure', run('degraded', [...slow, ...fine], { notices: ['User.email is deprecated'] }), {
      since: SINCE,
      runs: 2,
      mention: 'here',
      reportUrl: 'https://ci.example/run/1',
      statusUrl: 'https://status.example/',
    });
    expect(message.blocks!.length).toBeLessThanOrEqual(8);
    expect(JSON.stringify(message)).not.toContain('<!here>');
    expect(message.blocks?.[3]).toEqual(
      section(
        ':hourglass: *40 of 47 checks slow: p95 1.8–2.1 s against 1.5 s*\n_Checks:_ title of paging.s0; title of paging.s1; title of paging.s2; title of paging.s3; title of paging.s4; and 35 more',
      ),
    );
    expect(message.blocks?.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: "<https://ci.example/run/1|Open this run's report> · <https://status.example/|Open the status page>" }],
    });
  });

  test("a removed field: the schema's finding first, naming it; the checks it broke, one section", () => {
    const drift = record('schema.drift', 'failed', failed("Field 'email' was removed from object type 'User' [breaking, used by UsersPage]"));
    const broken = ['UsersPage', 'UserByRef', 'GroupsWithMembers'].map((operation, i) =>
      record(
        `shape.valid.${operation}`,
        'failed',
        failed(`contracts/${operation}.graphql:${i + 3}:9 Cannot query field "email" on type "User". Our integration sends this operation.`),
      ),
    );
    const first = record(
      'transport.first-request',
      'failed',
      failed('The documented first request should answer with data; got HTTP 400: Cannot query field "email" on type "User".'),
    );
    const message = slackMessage('failure', run('failed', [...broken, first, drift, passing]), { since: AT });
    expect(message.blocks?.slice(3)).toEqual([
      section(":x: *title of schema.drift*\nField 'email' was removed from object type 'User' [breaking, used by UsersPage]"),
      section(
        ':x: *Cannot query field "email" on type "User"*\nbroke 4 checks: title of shape.valid.UsersPage; title of shape.valid.UserByRef; title of shape.valid.GroupsWithMembers; title of transport.first-request',
      ),
    ]);
  });

  test('unavailable: forty checks with one cause are one section, with one example and the checks collapsed', () => {
    const checks = [...Array.from({ length: 40 }, (_, i) => down(`paging.c${i}`)), ...Array.from({ length: 7 }, (_, i) => record(`auth.p${i}`, 'passed'))];
    const message = slackMessage('failure', run('unavailable', checks), { since: SINCE, runs: 2, mention: 'here' });
    expect(message).toEqual({
      text: '<!here> Pluvo API unavailable: acme (https://acme.pluvo.com) (40 failed, 7 passed, 0 skipped)',
      blocks: [
        header('Pluvo API unavailable'),
        overview(
          `<!here> ${TARGET}`,
          '*Since:* 2026-12-01 23:00 UTC, for 4 h, 2 runs',
          '*Affected:* 40 of 47 checks · our operations: UsersPage',
          RUN('40 failed, 7 passed, 0 skipped'),
        ),
        advice(
          'Not a bug of ours and no contract verdict: Pluvo (or the way to it) does not answer. Check with Pluvo; nothing needs changing here, and the monitor says when it answers again.',
        ),
        section(
          ':no_entry: *Pluvo did not answer (HTTP 502 (Bad Gateway)) on 40 of 47 checks*\n> UsersPage failed: HTTP 502\n_Checks:_ title of paging.c0; title of paging.c1; title of paging.c2; title of paging.c3; title of paging.c4; and 35 more',
        ),
      ],
    });
    expect(message.blocks!.length).toBeLessThanOrEqual(10);
  });

  test('unavailable before any check (the preflight): one section, no list of checks', () => {
    const notRun = (id: string) =>
      record(id, 'not-run', {
        cause: 'unavailable',
        notRun: true,
        failures: [
          { message: 'Not run: Pluvo did not answer at https://acme.pluvo.com/oauth/token/: connect ECONNREFUSED.', cause: 'unavailable', key: 'ECONNREFUSED' },
        ],
      });
    const message = slackMessage('failure', run('unavailable', [notRun('auth.a'), notRun('auth.b')]), { since: AT, runs: 1 });
    expect(message.blocks?.slice(1)).toEqual([
      overview(TARGET, '*Since:* 2026-12-02 03:00 UTC (this run)', '*Affected:* 2 of 2 checks', RUN('0 failed, 2 not run, 0 passed, 0 skipped')),
      advice(
        'Not a bug of ours and no contract verdict: Pluvo (or the way to it) does not answer. Check with Pluvo; nothing needs changing here, and the monitor says when it answers again.',
      ),
      section(
        ':no_entry: *Pluvo did not answer (ECONNREFUSED) before any check, so none of the 2 checks was run*\n> Not run: Pluvo did not answer at https://acme.pluvo.com/oauth/token/: connect ECONNREFUSED.',
      ),
    ]);
  });

  test('throttled: the trouble once, and what to do about a rate limit', () => {
    const limited = record('paging.walk', 'failed', {
      cause: 'throttled',
      failures: [{ message: 'HTTP 429 for 60 s beyond PLUVO_RETRY_BUDGET_MS', cause: 'throttled', key: 'HTTP 429' }],
    });
    expect(slackMessage('failure', run('throttled', [limited, passing]), { since: SINCE, runs: 2 })).toEqual({
      text: 'Pluvo is throttling the monitor: acme (https://acme.pluvo.com) (1 failed, 1 passed, 0 skipped)',
      blocks: [
        header('Pluvo is throttling the monitor'),
        overview(TARGET, '*Since:* 2026-12-01 23:00 UTC, for 4 h, 2 runs', '*Affected:* 1 of 2 checks', RUN('1 failed, 1 passed, 0 skipped')),
        advice(
          'Pluvo is rate-limiting our API client: lower PLUVO_CONCURRENCY, or find the other integration sharing the client; ask Pluvo for a higher limit if it lasts.',
        ),
        section(
          ':traffic_light: *Pluvo kept throttling (HTTP 429) on 1 of 2 checks*\n> HTTP 429 for 60 s beyond PLUVO_RETRY_BUDGET_MS\n_Checks:_ title of paging.walk',
        ),
      ],
    });
  });

  test('degraded: one section, how many checks, their p95 against the threshold, and which; nobody is mentioned', () => {
    const slow = record('paging.cursor-walk', 'degraded', {
      operations: ['UsersPage'],
      latency: { p50Ms: 1, p95Ms: 2400, verdict: 'degraded', message: 'p95 2400 ms over 2000 ms', thresholdMs: 2000 },
    });
    expect(slackMessage('failure', run('degraded', [slow, passing]), { since: SINCE, runs: 2 })).toEqual({
      text: 'Pluvo is slow: acme (https://acme.pluvo.com) (0 failed, 1 passed, 1 degraded, 0 skipped)',
      blocks: [
        header('Pluvo is slow'),
        overview(
          TARGET,
          '*Since:* 2026-12-01 23:00 UTC, for 4 h, 2 runs',
          '*Affected:* 1 of 2 checks · our operations: UsersPage',
          RUN('0 failed, 1 passed, 1 degraded, 0 skipped'),
        ),
        advice(
          'Pluvo answers, slowly; every contract holds. If it lasts, raise it with Pluvo, or set degradedMs in the manifest if this speed is normal for the operation.',
        ),
        section(':hourglass: *1 of 2 checks slow: p95 2.4 s against 2.0 s*\n_Checks:_ title of paging.cursor-walk'),
      ],
    });
  });

  test('credentials refused: its own headline, the variables to check, and never "contract broken"', () => {
    const refused = (id: string) =>
      record(id, 'not-run', {
        cause: 'credentials',
        notRun: true,
        failures: [
          {
            message:
              'Not run: Pluvo refused our API client at https://acme.pluvo.com/oauth/token/ (HTTP 401 (invalid_client)). Check PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo.',
            cause: 'credentials',
            key: 'HTTP 401 (invalid_client)',
          },
        ],
      });
    const message = slackMessage('failure', run('credentials-refused', [refused('auth.a'), refused('paging.b')]), { since: AT, runs: 1 });
    expect(message).toEqual({
      text: "Pluvo refused the monitor's API client (no verdict on Pluvo): acme (https://acme.pluvo.com) (0 failed, 2 not run, 0 passed, 0 skipped)",
      blocks: [
        header("Pluvo refused the monitor's API client (no verdict on Pluvo)"),
        overview(TARGET, '*Since:* 2026-12-02 03:00 UTC (this run)', '*Affected:* 2 of 2 checks', RUN('0 failed, 2 not run, 0 passed, 0 skipped')),
        advice(
          'Pluvo refused our API client: check its client id and secret where the monitor runs (a rotated secret?), or whether the client or a scope was revoked in Pluvo.',
        ),
        section(
          ':closed_lock_with_key: *Pluvo refused our API client (HTTP 401 (invalid_client)) before any check, so none of the 2 checks was run*\n> Not run: Pluvo refused our API client at https://acme.pluvo.com/oauth/token/ (HTTP 401 (invalid_client)). Check PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo.',
        ),
      ],
    });
    expect(JSON.stringify(message)).not.toMatch(/contract broken/i);
  });

  test('monitor error: what failed, since when, that nothing is known about Pluvo, and what to do', () => {
    expect(slackMessage('failure', run('monitor-error', [brokenToken], { monitorError: 'no check ran' }), { since: SINCE, mention: 'S0GROUP' })).toEqual({
      text: '<!subteam^S0GROUP> The monitor itself failed (no verdict on Pluvo): acme (https://acme.pluvo.com) (1 failed, 0 passed, 0 skipped)',
      blocks: [
        header('The monitor itself failed (no verdict on Pluvo)'),
        overview(`<!subteam^S0GROUP> ${TARGET}`, '*Since:* 2026-12-01 23:00 UTC, for 4 h', RUN('1 failed, 0 passed, 0 skipped')),
        advice('The monitor itself failed, so nothing is known about Pluvo: fix what the error names and run `npm start` to see it pass.'),
        section(':warning: *The monitor itself failed:* no check ran\nNothing is known about Pluvo from this run; it is not a recovery either.'),
      ],
    });
    expect(slackMessage('failure', run('monitor-error', [])).blocks?.[3]).toEqual(
      section(':warning: *The monitor itself failed:* unknown reason\nNothing is known about Pluvo from this run; it is not a recovery either.'),
    );
  });

  test('reminder: "Still:", since when and for how long, and the same sections', () => {
    const threeDays = { since: '2026-11-29T01:00:00.000Z', runs: 50, mention: 'channel' };
    expect(slackMessage('reminder', run('failed', [brokenToken, passing]), threeDays)).toEqual({
      text: '<!channel> Still: Pluvo contract broken: acme (https://acme.pluvo.com) (1 failed, 1 passed, 0 skipped)',
      blocks: [
        header('Still: Pluvo contract broken'),
        overview(
          `<!channel> ${TARGET}`,
          '*Since:* 2026-11-29 01:00 UTC, for 3 d 2 h, 50 runs',
          '*Affected:* 1 of 2 checks',
          RUN('1 failed, 1 passed, 0 skipped'),
        ),
        advice(
          'Pluvo answered other than the contract: the probable cause is first in this alert. If Pluvo changed on purpose, take the change in (`npm run schema:pull` and `npm run schemas:generate` for a schema change, `npm run baseline` for a pinned behaviour) and commit; if not, raise it with Pluvo, quoting the report.',
        ),
        section(':x: *title of auth.token-issued*\n  - got HTTP 500\n  - second\n  - third'),
      ],
    });
  });

  test('recovery: what recovered, after how long and how many runs, and no check listed', () => {
    const notices = ['Training.code is deprecated'];
    const what = 'Pluvo did not answer (HTTP 502 (Bad Gateway)) on 40 of 47 checks';
    expect(slackMessage('recovery', run('passed', [passing], { notices }), { verdict: 'unavailable', what, since: SINCE, runs: 4, mention: 'here' })).toEqual({
      text: 'Pluvo answers again after 4 h: acme (https://acme.pluvo.com) (0 failed, 1 passed, 0 skipped)',
      blocks: [
        header('Pluvo answers again after 4 h'),
        overview(TARGET, `*Was:* ${what} (since 2026-12-01 23:00 UTC, 4 runs)`, RUN('0 failed, 1 passed, 0 skipped')),
        advice('Nothing to do; undo any workaround made for it.'),
      ],
    });
    const fromMonitor = slackMessage('recovery', run('passed', [passing]), {
      verdict: 'monitor-error',
      what: 'the monitor itself failed: no check ran',
      since: SINCE,
    });
    expect(fromMonitor.blocks?.slice(0, 2)).toEqual([
      header('The monitor runs again after 4 h'),
      overview(TARGET, '*Was:* the monitor itself failed: no check ran (since 2026-12-01 23:00 UTC)', RUN('0 failed, 1 passed, 0 skipped')),
    ]);
    for (const [verdict, words] of [
      ['failed', 'Pluvo contracts hold again after 4 h'],
      ['degraded', 'Pluvo answers at its usual speed again after 4 h'],
      ['throttled', 'Pluvo no longer throttles the monitor after 4 h'],
      ['credentials-refused', "Pluvo accepts the monitor's API client again after 4 h"],
    ] as const)
      expect(slackMessage('recovery', run('passed', [passing]), { verdict, since: SINCE }).blocks?.[0]).toEqual(header(words));
  });

  test('change, notice and flaky', () => {
    const change = slackMessage('change', run('unavailable', [down('paging.a'), passing]), { since: SINCE, runs: 3 });
    expect(change.blocks?.[0]).toEqual(header('Changed: Pluvo API unavailable'));
    expect(slackMessage('change', run('failed', [brokenToken])).blocks?.[0]).toEqual(header('Pluvo contract failures changed'));
    const flaky = record('shape.users', 'flaky', failed('timed out'));
    expect(slackMessage('notice', run('passed', [passing, flaky], { notices: ['Training.code is deprecated', 'User.email is deprecated'] })).blocks).toEqual([
      header('Pluvo deprecation notice'),
      overview(TARGET, RUN('0 failed, 1 passed, 1 flaky, 0 skipped')),
      advice('Move our operations to the replacement each deprecation names, before Pluvo removes the field, and commit them.'),
      section(':warning: *Deprecated, and used by our operations*\n• Training.code is deprecated\n• User.email is deprecated'),
    ]);
    expect(slackMessage('flaky', run('flaky', [flaky, passing], { notices: ['x is deprecated'] }), { mention: 'here' }).blocks).toEqual([
      header('Pluvo checks are flaky: passing only on retry'),
      overview(TARGET, '*Affected:* 1 of 2 checks', RUN('0 failed, 1 passed, 1 flaky, 0 skipped')),
      advice('Checks pass only when tried again: Pluvo is failing now and then. Nothing to do yet; it is told again if it turns into failures.'),
      section(':repeat: *title of shape.users*\ntimed out'),
    ]);
  });

  test('mentions: a user, a user group, @here and @channel, on the alarming kinds only', () => {
    const textOf = (kind: AlertKind, mention: string) => slackMessage(kind, run('failed', [brokenToken]), { mention, since: AT }).text;
    expect(textOf('failure', 'W0PERSON')).toMatch(/^<@W0PERSON> Pluvo contract broken/);
    expect(textOf('change', 'here')).toMatch(/^<!here> Pluvo contract failures changed/);
    for (const quiet of ['recovery', 'notice', 'flaky'] as const) expect(textOf(quiet, 'here'), quiet).not.toContain('<!here>');
    expect(slackMessage('failure', run('failed', [brokenToken])).text).toMatch(/^Pluvo contract broken/);
  });

  test('headlines of the other verdicts', () => {
    const headlineOf = (kind: AlertKind, verdict: RunVerdict) =>
      (slackMessage(kind, run(verdict, [brokenToken])).blocks?.[0] as { text: { text: string } }).text.text;
    expect(headlineOf('failure', 'budget-exceeded')).toBe('The monitor ran out of its own budget (no verdict on Pluvo)');
    expect(headlineOf('failure', 'not-onboarded')).toBe('A target is not onboarded (no verdict on Pluvo)');
    expect(headlineOf('reminder', 'unavailable')).toBe('Still: Pluvo API unavailable');
  });

  test('a report URL with Slack link syntax in it stays one link', () => {
    const message = slackMessage('failure', run('failed', [brokenToken]), { reportUrl: 'https://ci.example/r?a=<b>|c' });
    expect(message.blocks?.at(-1)).toEqual(reportLink('https://ci.example/r?a=%3Cb%3E%7Cc'));
  });

  test('the blocks fit in 50: every check when they all fit; else as many as there is room for, then one line that counts the rest', () => {
    const failures = Array.from({ length: 47 }, (_, i) => record(`shape.s${i}`, 'failed', failed(`line ${i}`)));
    const fits = slackMessage('failure', run('failed', failures.slice(0, 46)), { reportUrl: 'https://r' }).blocks!;
    expect(fits).toHaveLength(50);
    expect(fits.at(-2)).toEqual(section(':x: *title of shape.s45*\nline 45'));
    expect(slackMessage('failure', run('failed', failures.slice(0, 45)), { reportUrl: 'https://r' }).blocks).toHaveLength(49);
    const over = slackMessage('failure', run('failed', failures), { reportUrl: 'https://r' }).blocks!;
    expect(over).toHaveLength(50);
    expect(over.at(-3)).toEqual(section(':x: *title of shape.s44*\nline 44'));
    expect(over.at(-2)).toEqual(section('…and 2 more (cut to fit Slack; every check is in the report).'));
    expect(over.at(-1)).toEqual(reportLink('https://r'));
  });

  test('cut: text at the limit is whole; over it, the end is replaced by the mark', () => {
    expect(cut('abcdefghij', 10)).toBe('abcdefghij');
    expect(cut('abcdefghijk', 10)).toBe('abc …(cut)');
    expect(slackMessage('failure', run('failed', [brokenToken], { target: 't'.repeat(200) })).blocks?.[0]).toEqual(header('Pluvo contract broken'));
    // Headlines are the verdict table's, each with room for "Still: " and "after 3 d 2 h" in Slack's 150.
    for (const meaning of Object.values(VERDICTS)) expect(`Still: ${meaning.headline} ${meaning.recovered} after 10 d 23 h`.length).toBeLessThanOrEqual(150);
  });
});

test.describe('several targets in one message', () => {
  // Built in each test: code run while the file loads is outside every test, where mutation testing cannot see it.
  let one: ReturnType<typeof slackMessage>;
  let other: ReturnType<typeof slackMessage>;
  test.beforeEach(() => {
    one = slackMessage('failure', run('failed', [brokenToken]));
    other = slackMessage('recovery', run('passed', [passing], { target: 'beta' }), { verdict: 'failed', since: '2026-12-02T02:00:00.000Z' });
  });

  test('one alert is sent as it is', () => {
    expect(combineMessages([one], { title: 'T', text: 't' })).toBe(one);
  });

  test('messages of text alone combine too', () => {
    expect(combineMessages([{ text: 'a' }, {}], { title: 'T', text: 't' })).toEqual({
      text: 't',
      blocks: [header('T'), { type: 'divider' }],
    });
    expect(combineMessages([{ text: 'a', blocks: [{ type: 'header' } as never] }, { text: 'b' }], { title: 'T', text: 't' }).blocks?.[1]).toEqual(
      section('**'),
    );
    expect(
      withOverview({ text: 'a' }, [
        { target: 'x', verdict: 'passed' },
        { target: 'y', verdict: 'passed' },
      ]).blocks,
    ).toHaveLength(1);
  });

  test('each target under its own headline, divided, under the title given, cut to a header; the text given, cut to a section', () => {
    const title = 'Pluvo contract broken: 1 organisation · Pluvo contracts hold again: 1 organisation';
    const text = 'Pluvo contract broken: acme · Pluvo contracts hold again: beta';
    expect(combineMessages([one, other], { title, text })).toEqual({
      text,
      blocks: [
        header(title),
        section('*Pluvo contract broken*'),
        ...one.blocks!.slice(1),
        { type: 'divider' },
        section('*Pluvo contracts hold again after 1 h*'),
        ...other.blocks!.slice(1),
      ],
    });
  });

  test('a digest: each kind of news with the organisations it is about, what wakes people first, then the most urgent, then the most widespread; its alerts in that order', () => {
    const at = (targetKey: string) => ({ at: AT, targetKey, target: `org ${targetKey}` });
    const down: Alert = { kind: 'failure', incident: 'outage', verdict: 'unavailable', since: AT, runs: 2 };
    const told = [
      { alert: { kind: 'recovery', incident: 'contract', verdict: 'failed', since: '2026-12-02T01:00:00.000Z' } as Alert, summary: at('a') },
      { alert: down, summary: at('a') },
      { alert: down, summary: at('b') },
      { alert: down, summary: at('c') },
      { alert: { kind: 'failure', incident: 'contract', verdict: 'failed', since: AT, runs: 1 } as Alert, summary: at('d') },
      { alert: { kind: 'recovery', incident: 'contract', verdict: 'failed', since: '2026-12-01T01:00:00.000Z' } as Alert, summary: at('e') },
    ];
    const digest = digestOf(told);
    expect(digest.title).toBe('Pluvo API unavailable: 3 organisations · Pluvo contract broken: 1 organisation · Pluvo contracts hold again: 2 organisations');
    expect(digest.told.map(({ alert, summary }) => `${summary.targetKey} ${alert.kind}`)).toEqual([
      'a failure',
      'b failure',
      'c failure',
      'd failure',
      'a recovery',
      'e recovery',
    ]);
    // As urgent, the more widespread first; more urgent (an outage is critical), first however few.
    const broken: Alert = { kind: 'failure', incident: 'contract', verdict: 'failed', since: AT, runs: 1 };
    expect(
      digestOf([
        { alert: broken, summary: at('a') },
        { alert: broken, summary: at('b') },
        { alert: down, summary: at('c') },
      ]).title,
    ).toBe('Pluvo API unavailable: 1 organisation · Pluvo contract broken: 2 organisations');
  });

  test("a digest's text, what a phone shows: each kind of news once, with a few of its organisations by name and the rest counted; the mention first when any wakes people", () => {
    const at = (target: string) => ({ at: AT, targetKey: `https://${target}.pluvo.com/graphql/`, target });
    const down: Alert = { kind: 'failure', incident: 'outage', verdict: 'unavailable', since: AT, runs: 2 };
    const broken: Alert = { kind: 'failure', incident: 'contract', verdict: 'failed', since: AT, runs: 1 };
    const healed: Alert = { kind: 'recovery', incident: 'contract', verdict: 'failed', since: '2026-12-02T01:00:00.000Z' };
    const mention = { mention: 'S0123' };
    const told = [
      { alert: healed, summary: at('zeta'), context: mention },
      ...['acme', 'globex', 'initech', 'umbrella', 'hooli'].map((name) => ({ alert: down, summary: at(name), context: mention })),
      { alert: broken, summary: at('<b>&co'), context: mention },
    ];
    expect(digestOf(told).text).toBe(
      '<!subteam^S0123> Pluvo API unavailable: 5 organisations: acme, globex, initech and 2 more · Pluvo contract broken: &lt;b&gt;&amp;co · Pluvo contracts hold again: zeta',
    );
    // Good news wakes nobody: no mention.
    expect(digestOf([told[0]!, { alert: healed, summary: at('beta'), context: mention }]).text).toBe('Pluvo contracts hold again: 2 organisations: zeta, beta');
    // Two alerts of one organisation: named under each kind, once in each.
    expect(
      digestOf([
        { alert: down, summary: at('acme') },
        { alert: down, summary: at('acme') },
      ]).text,
    ).toBe('Pluvo API unavailable: acme');
  });

  test('over 50 blocks, the rest is counted', () => {
    const big = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 30 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    const combined = combineMessages([big, big], { title: 'T', text: 't' }).blocks!;
    expect(combined).toHaveLength(50);
    // 2 × 33 blocks and a divider: 48 of them after the header, and the line that counts the rest.
    expect(combined.at(-1)).toEqual(section('…and 19 more blocks (cut to fit Slack; every target is in the report).'));
    expect(combined.at(-2)).toEqual(section(':x: *title of s.10*\n'));
    const fitting = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 22 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    // 25 + 1 + 25 blocks after the header: 51, two too many, so 48 shown and 3 counted.
    expect(combineMessages([fitting, fitting], { title: 'T', text: 't' }).blocks?.at(-1)).toEqual(
      section('…and 3 more blocks (cut to fit Slack; every target is in the report).'),
    );
    const exactly = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 21 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    expect(combineMessages([exactly, exactly], { title: 'T', text: 't' }).blocks).toHaveLength(50);
    expect(combineMessages([exactly, exactly], { title: 'T', text: 't' }).blocks?.at(-1)).toEqual(section(':x: *title of s.20*\n'));
  });

  test('the overview names every target with its verdict, and is left out for one target', () => {
    const targets = [
      { target: 'acme', verdict: 'passed' },
      { target: 'beta', verdict: 'failed' },
      { target: 'gamma <x>', verdict: 'unavailable' },
    ] as const;
    expect(withOverview(one, targets).blocks?.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '*Targets in this run*\n:white_check_mark: acme: passed\n:x: beta: contract broken\n:no_entry: gamma &lt;x&gt;: Pluvo did not answer',
        },
      ],
    });
    expect(withOverview(one, targets).blocks?.slice(0, -1)).toEqual(one.blocks);
    expect(withOverview(one, targets.slice(0, 1))).toBe(one);
    expect(withOverview(one, targets.slice(0, 2)).blocks?.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '*Targets in this run*\n:white_check_mark: acme: passed\n:x: beta: contract broken' }],
    });
    // A full message gives up its last blocks for the overview, and says how many.
    const full = { ...one, blocks: Array.from({ length: 50 }, (_, i) => section(`b${i}`)) };
    const overviewed = withOverview(full, targets).blocks!;
    expect(overviewed).toHaveLength(50);
    expect(overviewed.slice(-3, -1)).toEqual([section('b47'), section('…and 2 more blocks (cut to fit Slack; every target is in the report).')]);
    expect(withOverview({ ...one, blocks: full.blocks.slice(0, 49) }, targets).blocks).toHaveLength(50);
  });
});
