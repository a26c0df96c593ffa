import { test, expect } from '../contract/base-test';
import { CheckRecorder, failed, mustNotPin, NOT_ONBOARDED, type RawExchange } from '../../src/checks/check';
import type { GraphQLExchange, GraphQLOutcome } from '../../src/pluvo/graphql-client';
import { loadSettings } from '../../src/config/load-config';
import { judgeCheck } from '../../src/outcome/check-outcome';
import { causeOfFailures } from '../../src/outcome/verdict';

const CHECK = { id: 'c', area: 'auth', title: 't', docs: 'd', run: async () => ({ findings: [], exchanges: [] }) } as const;
const SETTINGS = loadSettings({});

/** What a check's recorder makes of its findings and exchanges, and the outcome judgeCheck makes of them. */

const graphql = (outcome: GraphQLOutcome): GraphQLExchange => ({
  outcome,
  request: { url: 'u', query: 'q', auth: 'token' },
  attempts: 1,
  durationMs: 1,
  endedAt: 0,
});
const raw = (response: RawExchange['response']): RawExchange => ({ request: { method: 'POST', url: 'u' }, response });
const ok = graphql({ kind: 'data', status: 200, data: {} });

test.describe('the check recorder', () => {
  test('findings at each severity, in order; expect fails only when the condition does not hold, and says which', () => {
    const recorder = new CheckRecorder();
    recorder.info('i');
    recorder.warn('w');
    recorder.add('info', 'a');
    expect(recorder.expect(true, 'held')).toBe(true);
    expect(recorder.expect(false, 'broken')).toBe(false);
    expect(recorder.findings).toEqual([
      { severity: 'info', message: 'i' },
      { severity: 'warn', message: 'w' },
      { severity: 'info', message: 'a' },
      { severity: 'fail', message: 'broken' },
    ]);
    expect(failed(recorder.result())).toBe(true);
  });

  test('a result carries only what was recorded', () => {
    const empty = new CheckRecorder().result();
    expect(empty).toStrictEqual({ findings: [], exchanges: [] });
    expect(failed(empty)).toBe(false);
    const recorder = new CheckRecorder();
    recorder.warn('only a warning');
    recorder.attach('a.md', 'text/markdown', '# a');
    recorder.notice('User.email is deprecated');
    recorder.summary = 'one line';
    expect(recorder.record(ok)).toBe(ok);
    expect(recorder.result('not for this target')).toStrictEqual({
      findings: [{ severity: 'warn', message: 'only a warning' }],
      exchanges: [ok],
      skipped: 'not for this target',
      attachments: [{ name: 'a.md', contentType: 'text/markdown', body: '# a' }],
      summary: 'one line',
      notices: ['User.email is deprecated'],
    });
    expect(failed(recorder.result())).toBe(false);
  });

  test('a failure says why where it is made: the contract by default, or the cause given, with its trouble', () => {
    const recorder = new CheckRecorder();
    recorder.fail('Contract broken');
    recorder.fail('no answer', 'unavailable', 'ECONNREFUSED 127.0.0.1:4010');
    recorder.failOn({ kind: 'http-status', status: 502, reason: '<html><title>502 Bad Gateway</title></html>' }, 'got a proxy page');
    recorder.failOn({ kind: 'http-status', status: 429, reason: 'slow down' }, 'throttled');
    recorder.failOn({ kind: 'budget', message: 'monitor budget exceeded: spent' }, 'not sent');
    recorder.failOn({ kind: 'no-token', message: 'no access token', reason: 'credentials' }, 'refused');
    recorder.failOn({ kind: 'http-status', status: 401, reason: 'x' }, 'a 401 where data was due');
    expect(recorder.findings.map((f) => [f.cause, f.key])).toEqual([
      [undefined, undefined],
      ['unavailable', 'ECONNREFUSED 127.0.0.1:4010'],
      ['unavailable', 'HTTP 502 (502 Bad Gateway)'],
      ['throttled', 'HTTP 429: slow down'],
      ['budget', 'monitor budget exceeded: spent'],
      ['credentials', 'no access token'],
      [undefined, undefined],
    ]);
  });

  test('nothing is read back from text: a server whose error says "monitor budget exceeded" has still broken its contract', () => {
    const recorder = new CheckRecorder();
    const said: GraphQLOutcome = { kind: 'graphql-errors', status: 200, errors: [{ message: 'monitor budget exceeded: the run is over' }], data: null };
    recorder.record(graphql(said));
    recorder.failOn(said, 'GraphQL errors: monitor budget exceeded: the run is over');
    const outcome = judgeCheck(CHECK, recorder.result(), SETTINGS);
    expect([outcome.status, outcome.cause, outcome.headline]).toEqual(['failed', 'contract', 'Contract broken: t']);
  });

  test('one 429 among the exchanges does not make a contract failure "throttled"', () => {
    const recorder = new CheckRecorder();
    recorder.record(raw({ status: 429, headers: {}, body: '' }));
    recorder.record(ok);
    recorder.fail('count should be a whole number');
    expect(judgeCheck(CHECK, recorder.result(), SETTINGS).cause).toBe('contract');
  });

  test("several causes: the contract outweighs any trouble, our setup outweighs Pluvo's, unavailable outweighs throttled", () => {
    expect(causeOfFailures([{ cause: 'unavailable' }, { cause: 'contract' }])).toBe('contract');
    expect(causeOfFailures([{ cause: 'unavailable' }, { cause: 'config' }])).toBe('config');
    expect(causeOfFailures([{ cause: 'throttled' }, { cause: 'credentials' }])).toBe('credentials');
    // Pluvo's trouble outweighs our own budget, which its slowness or throttling used up (one order for checks and runs).
    expect(causeOfFailures([{ cause: 'throttled' }, { cause: 'budget' }])).toBe('throttled');
    expect(causeOfFailures([{ cause: 'throttled' }, { cause: 'unavailable' }])).toBe('unavailable');
    expect(causeOfFailures([])).toBeUndefined();
  });

  test('not onboarded is our own setup, said where it is found', () => {
    const recorder = new CheckRecorder();
    recorder.fail(`${NOT_ONBOARDED} nothing pinned`, 'config');
    expect(judgeCheck(CHECK, recorder.result(), SETTINGS).cause).toBe('config');
    recorder.fail('Contract broken');
    expect(judgeCheck(CHECK, recorder.result(), SETTINGS).cause).toBe('contract');
  });

  test('no failure, no cause, even with a 5xx among the exchanges', () => {
    const recorder = new CheckRecorder();
    recorder.record(raw({ status: 500, headers: {}, body: '' }));
    recorder.warn('slow');
    const outcome = judgeCheck(CHECK, recorder.result(), SETTINGS);
    expect([outcome.status, outcome.cause]).toEqual(['passed', undefined]);
  });
});

test.describe('pinning in CI', () => {
  const context = (kind: 'org' | 'sandbox', pinning: boolean, inCI = true) => ({ config: { target: { kind }, inCI }, pinning }) as never;
  test('in CI, a real target is not pinned unless pinning is asked for; the sandbox and local runs pin', () => {
    expect(mustNotPin(context('org', false))).toBe(true);
    expect(mustNotPin(context('org', true))).toBe(false);
    expect(mustNotPin(context('sandbox', false))).toBe(false);
    expect(mustNotPin(context('org', false, false))).toBe(false);
  });
});
