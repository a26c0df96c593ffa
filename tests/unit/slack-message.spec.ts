import { test, expect } from '@playwright/test';
import { combineMessages, cut, slackMessage, withOverview, type MessageContext } from '../../src/report/slack-message';
import { record as build } from '../support/records';
import type { CheckRecord, RunSummary, RunVerdict } from '../../src/report/run-summary';
import type { AlertKind } from '../../src/report/alert-policy';

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
const reportLink = (url: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${url}|Open the HTML report>` }] });
const runLine = (counts: string) => `*Target:* acme (https://acme.pluvo.com)\n*Run:* ${AT} · ${counts}`;

test.describe('the Slack message, block by block', () => {
  test('a failure: the mention, the target and counts, each failed check with its first lines after the headline, the deprecations, the report', () => {
    const summary = run('failed', [brokenToken, passing], { notices: ['User.email is deprecated: use User.emailAddress'] });
    expect(slackMessage('failure', summary, { mention: 'U0PERSON', reportUrl: 'https://ci.example/r/index.html' })).toEqual({
      text: '<@U0PERSON> Pluvo contract broken: acme (https://acme.pluvo.com) (1 failed, 1 passed, 0 skipped)',
      blocks: [
        header('Pluvo contract broken'),
        section(`<@U0PERSON> ${runLine('1 failed, 1 passed, 0 skipped')}`),
        section(':x: *title of auth.token-issued*\n  - got HTTP 500\n  - second\n  - third'),
        section(':warning: *Deprecated, and used by our operations*\n• User.email is deprecated: use User.emailAddress'),
        reportLink('https://ci.example/r/index.html'),
      ],
    });
  });

  test('a one-line failure message is shown as it is; the trouble is named in italics', () => {
    const down = record('auth.token-issued', 'failed', {
      cause: 'unavailable',
      failures: [{ message: 'token request failed: ECONNREFUSED', cause: 'unavailable' }],
    });
    expect(slackMessage('failure', run('unavailable', [down])).blocks).toEqual([
      header('Pluvo API unavailable'),
      section(runLine('1 failed, 0 passed, 0 skipped')),
      section(
        ':x: *title of auth.token-issued*\n_Pluvo did not answer properly (network failure, timeout or 5xx): no contract verdict_\ntoken request failed: ECONNREFUSED',
      ),
    ]);
    const silent = record('auth.token-issued', 'failed');
    expect(slackMessage('failure', run('failed', [silent])).blocks?.[2]).toEqual(section(':x: *title of auth.token-issued*\n'));
  });

  test('degraded: only the slow checks are listed, with an hourglass', () => {
    const slow = record('paging.cursor-walk', 'degraded', { latency: { p50Ms: 1, p95Ms: 2400, verdict: 'degraded', message: 'p95 2400 ms over 2000 ms' } });
    const message = slackMessage('failure', run('degraded', [slow, passing, record('shape.x', 'failed')]));
    expect(message.text).toBe('Pluvo is slow: checks degraded: acme (https://acme.pluvo.com) (1 failed, 1 passed, 1 degraded, 0 skipped)');
    expect(message.blocks?.slice(2)).toEqual([section(':hourglass: *title of paging.cursor-walk*\np95 2400 ms over 2000 ms')]);
  });

  test('each headline, by kind and verdict', () => {
    const headlineOf = (kind: AlertKind, verdict: RunVerdict, context: MessageContext = {}) =>
      (slackMessage(kind, run(verdict, [brokenToken]), context).blocks?.[0] as { text: { text: string } }).text.text;
    expect(headlineOf('failure', 'throttled')).toBe('Pluvo is throttling the monitor');
    expect(headlineOf('failure', 'budget-exceeded')).toBe('The monitor ran out of its own budget (no verdict on Pluvo)');
    expect(headlineOf('failure', 'not-onboarded')).toBe('A target is not onboarded: run npm run onboard and commit what it writes');
    expect(headlineOf('failure', 'passed')).toBe('Pluvo contract broken');
    expect(headlineOf('change', 'failed')).toBe('Pluvo contract failures changed');
    expect(headlineOf('change', 'unavailable')).toBe('Pluvo still in trouble (unavailable)');
    expect(headlineOf('reminder', 'failed')).toBe('Still broken: Pluvo contract broken');
    expect(headlineOf('reminder', 'unavailable')).toBe('Still unavailable: Pluvo API unavailable');
    expect(headlineOf('reminder', 'flaky')).toBe('Still flaky: flaky');
    expect(headlineOf('recovery', 'passed')).toBe('Pluvo contracts hold again');
    expect(headlineOf('recovery', 'passed', { recoveredFrom: 'incident' })).toBe('Pluvo contracts hold again');
    expect(headlineOf('recovery', 'passed', { recoveredFrom: 'monitor-error' })).toBe('The monitor runs again, and Pluvo contracts hold');
    expect(headlineOf('notice', 'passed')).toBe('Pluvo deprecation notice');
    expect(headlineOf('monitor-error', 'monitor-error')).toBe('The monitor itself failed (no verdict on Pluvo)');
    expect(headlineOf('flaky', 'flaky')).toBe('Pluvo checks are flaky: passing only on retry');
  });

  test('mentions: a user, a user group, @here and @channel, on the alarming kinds only', () => {
    const textOf = (kind: AlertKind, mention: string) => slackMessage(kind, run('failed', [brokenToken]), { mention }).text;
    expect(textOf('failure', 'W0PERSON')).toMatch(/^<@W0PERSON> Pluvo contract broken/);
    expect(textOf('failure', 'S0GROUP')).toMatch(/^<!subteam\^S0GROUP> Pluvo/);
    expect(textOf('change', 'here')).toMatch(/^<!here> Pluvo contract failures changed/);
    expect(textOf('reminder', 'channel')).toMatch(/^<!channel> Still broken/);
    expect(textOf('monitor-error', 'here')).toMatch(/^<!here> The monitor itself failed/);
    for (const quiet of ['recovery', 'notice', 'flaky'] as const) expect(textOf(quiet, 'here'), quiet).not.toContain('<!here>');
    expect(slackMessage('failure', run('failed', [brokenToken])).text).toMatch(/^Pluvo contract broken/);
  });

  test('a reminder says since when; other kinds do not', () => {
    const reminder = slackMessage('reminder', run('failed', [brokenToken]), { since: '2026-12-01T03:00:00.000Z' });
    expect(reminder.blocks?.[1]).toEqual(section(`${runLine('1 failed, 0 passed, 0 skipped')}\n*Since:* 2026-12-01T03:00:00.000Z`));
    expect(reminder.blocks?.[2]).toEqual(section(':x: *title of auth.token-issued*\n  - got HTTP 500\n  - second\n  - third'));
    const reminderWithoutStart = slackMessage('reminder', run('failed', [brokenToken]));
    expect(reminderWithoutStart.blocks?.[1]).toEqual(section(runLine('1 failed, 0 passed, 0 skipped')));
    const change = slackMessage('change', run('failed', [brokenToken]), { since: '2026-12-01T03:00:00.000Z' });
    expect(change.blocks?.[1]).toEqual(section(runLine('1 failed, 0 passed, 0 skipped')));
    expect(change.blocks).toHaveLength(3);
  });

  test('a recovery and a notice list no check; a notice shows the deprecations, a recovery does not', () => {
    const notices = ['Training.code is deprecated', 'User.email is deprecated'];
    const flaky = record('shape.users', 'flaky', failed('timed out'));
    expect(slackMessage('recovery', run('passed', [passing, brokenToken, flaky], { notices }))).toEqual({
      text: 'Pluvo contracts hold again: acme (https://acme.pluvo.com) (1 failed, 1 passed, 1 flaky, 0 skipped)',
      blocks: [header('Pluvo contracts hold again'), section(runLine('1 failed, 1 passed, 1 flaky, 0 skipped'))],
    });
    expect(slackMessage('notice', run('passed', [passing, flaky], { notices })).blocks).toEqual([
      header('Pluvo deprecation notice'),
      section(runLine('0 failed, 1 passed, 1 flaky, 0 skipped')),
      section(':warning: *Deprecated, and used by our operations*\n• Training.code is deprecated\n• User.email is deprecated'),
    ]);
  });

  test('flaky: the checks that passed only on retry, with the repeat icon, and no deprecations', () => {
    const flaky = record('shape.users', 'flaky', failed('timed out'));
    expect(slackMessage('flaky', run('flaky', [flaky, passing], { notices: ['x is deprecated'] })).blocks).toEqual([
      header('Pluvo checks are flaky: passing only on retry'),
      section(runLine('0 failed, 1 passed, 1 flaky, 0 skipped')),
      section(':repeat: *title of shape.users*\ntimed out'),
    ]);
  });

  test('a monitor error says what failed, or that the reason is unknown, and lists no check', () => {
    const error = slackMessage('monitor-error', run('monitor-error', [brokenToken], { monitorError: 'no check ran' }));
    expect(error.blocks?.slice(2)).toEqual([
      section(':warning: *The monitor itself failed:* no check ran\nNothing is known about Pluvo from this run; it is not a recovery either.'),
    ]);
    const unknown = slackMessage('monitor-error', run('monitor-error', []));
    expect(unknown.blocks?.[2]).toEqual(
      section(':warning: *The monitor itself failed:* unknown reason\nNothing is known about Pluvo from this run; it is not a recovery either.'),
    );
  });

  test('a report URL with Slack link syntax in it stays one link', () => {
    const message = slackMessage('failure', run('failed', [brokenToken]), { reportUrl: 'https://ci.example/r?a=<b>|c' });
    expect(message.blocks?.at(-1)).toEqual(reportLink('https://ci.example/r?a=%3Cb%3E%7Cc'));
  });

  test('the blocks fit in 50: every check when they all fit; else as many as there is room for, then one line that counts the rest', () => {
    const failures = Array.from({ length: 48 }, (_, i) => record(`shape.s${i}`, 'failed', failed(`line ${i}`)));
    const fits = slackMessage('failure', run('failed', failures.slice(0, 47)), { reportUrl: 'https://r' }).blocks!;
    expect(fits).toHaveLength(50);
    expect(fits.at(-2)).toEqual(section(':x: *title of shape.s46*\nline 46'));
    expect(slackMessage('failure', run('failed', failures.slice(0, 46)), { reportUrl: 'https://r' }).blocks).toHaveLength(49);
    const over = slackMessage('failure', run('failed', failures), { reportUrl: 'https://r' }).blocks!;
    expect(over).toHaveLength(50);
    expect(over.at(-3)).toEqual(section(':x: *title of shape.s45*\nline 45'));
    expect(over.at(-2)).toEqual(section('…and 2 more (cut to fit Slack; every check is in the report).'));
    expect(over.at(-1)).toEqual(reportLink('https://r'));
  });

  test('cut: text at the limit is whole; over it, the end is replaced by the mark', () => {
    expect(cut('abcdefghij', 10)).toBe('abcdefghij');
    expect(cut('abcdefghijk', 10)).toBe('abc …(cut)');
    expect(slackMessage('failure', run('failed', [brokenToken], { target: 't'.repeat(200) })).blocks?.[0]).toEqual(header('Pluvo contract broken'));
    const longHeadline = slackMessage('change', run('x'.repeat(200) as RunVerdict, [brokenToken])).blocks?.[0] as { text: { text: string } };
    expect(longHeadline.text.text).toHaveLength(150);
    expect(longHeadline.text.text.endsWith(' …(cut)')).toBe(true);
  });
});

test.describe('several targets in one message', () => {
  // Built in each test: code run while the file loads is outside every test, where mutation testing cannot see it.
  let one: ReturnType<typeof slackMessage>;
  let other: ReturnType<typeof slackMessage>;
  test.beforeEach(() => {
    one = slackMessage('failure', run('failed', [brokenToken]));
    other = slackMessage('recovery', run('passed', [passing], { target: 'beta' }));
  });

  test('one alert is sent as it is', () => {
    expect(combineMessages([one])).toBe(one);
  });

  test('messages of text alone combine too', () => {
    expect(combineMessages([{ text: 'a' }, {}])).toEqual({
      text: 'Pluvo monitor: 2 targets to tell about: a · ',
      blocks: [header('Pluvo monitor: 2 targets to tell about'), { type: 'divider' }],
    });
    expect(combineMessages([{ text: 'a', blocks: [{ type: 'header' } as never] }, { text: 'b' }]).blocks?.[1]).toEqual(section('**'));
    expect(
      withOverview({ text: 'a' }, [
        { target: 'x', verdict: 'passed' },
        { target: 'y', verdict: 'passed' },
      ]).blocks,
    ).toHaveLength(1);
  });

  test('each target under its own headline, divided, under a header that counts them', () => {
    expect(combineMessages([one, other])).toEqual({
      text: `Pluvo monitor: 2 targets to tell about: ${one.text} · ${other.text}`,
      blocks: [
        header('Pluvo monitor: 2 targets to tell about'),
        section('*Pluvo contract broken*'),
        ...one.blocks!.slice(1),
        { type: 'divider' },
        section('*Pluvo contracts hold again*'),
        ...other.blocks!.slice(1),
      ],
    });
  });

  test('over 50 blocks, the rest is counted', () => {
    const big = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 30 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    const combined = combineMessages([big, big]).blocks!;
    expect(combined).toHaveLength(50);
    // 2 × 32 blocks and a divider: 48 of them after the header, and the line that counts the rest.
    expect(combined.at(-1)).toEqual(section('…and 17 more blocks (cut to fit Slack; every target is in the report).'));
    expect(combined.at(-2)).toEqual(section(':x: *title of s.12*\n'));
    const fitting = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 23 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    // 25 + 1 + 25 blocks after the header: 51, one too many, so 48 shown and 3 counted.
    expect(combineMessages([fitting, fitting]).blocks?.at(-1)).toEqual(section('…and 3 more blocks (cut to fit Slack; every target is in the report).'));
    const exactly = slackMessage(
      'failure',
      run(
        'failed',
        Array.from({ length: 22 }, (_, i) => record(`s.${i}`, 'failed')),
      ),
    );
    expect(combineMessages([exactly, exactly]).blocks).toHaveLength(50);
    expect(combineMessages([exactly, exactly]).blocks?.at(-1)).toEqual(section(':x: *title of s.21*\n'));
  });

  test('the overview names every target with its verdict, and is left out for one target', () => {
    const targets = [
      { target: 'acme', verdict: 'passed' },
      { target: 'beta', verdict: 'failed' },
      { target: 'gamma <x>', verdict: 'unavailable' },
    ];
    expect(withOverview(one, targets).blocks?.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '*Targets in this run*\n:white_check_mark: acme: passed\n:x: beta: failed\n:warning: gamma &lt;x&gt;: unavailable' }],
    });
    expect(withOverview(one, targets).blocks?.slice(0, -1)).toEqual(one.blocks);
    expect(withOverview(one, targets.slice(0, 1))).toBe(one);
    expect(withOverview(one, targets.slice(0, 2)).blocks?.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '*Targets in this run*\n:white_check_mark: acme: passed\n:x: beta: failed' }],
    });
    const full = { ...one, blocks: Array.from({ length: 50 }, (_, i) => section(`b${i}`)) };
    const overviewed = withOverview(full, targets).blocks!;
    expect(overviewed).toHaveLength(50);
    expect(overviewed.at(-2)).toEqual(section('b48'));
  });
});
