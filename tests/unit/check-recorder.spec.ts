import { test, expect } from '@playwright/test';
import { CheckRecorder, failed, mustNotPin, NOT_ONBOARDED, type RawExchange } from '../../src/checks/check';
import type { GraphQLExchange, GraphQLOutcome } from '../../src/pluvo/graphql-client';
import { BUDGET_EXCEEDED } from '../../src/pluvo/budget';

/** What a check's recorder makes of its findings and exchanges: the result, and which kind of trouble a failure is. */

const graphql = (outcome: GraphQLOutcome): GraphQLExchange => ({ outcome, request: { url: 'u', query: 'q', auth: 'token' }, attempts: 1, durationMs: 1 });
const raw = (response: RawExchange['response']): RawExchange => ({ request: { method: 'POST', url: 'u' }, response });
const ok = graphql({ kind: 'data', status: 200, data: {} });

function failing(...exchanges: Array<GraphQLExchange | RawExchange>) {
  const recorder = new CheckRecorder();
  for (const exchange of exchanges) recorder.record(exchange);
  recorder.fail('Contract broken');
  return recorder.result();
}

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

  test("a failure with healthy exchanges is the contract's: no trouble", () => {
    expect(failing(ok, raw({ status: 401, headers: {}, body: '' }))).not.toHaveProperty('trouble');
    expect(failing(graphql({ kind: 'http-status', status: 499, reason: 'x' }))).not.toHaveProperty('trouble');
  });

  test('no answer, or a 5xx, anywhere among the exchanges: unavailable', () => {
    expect(failing(ok, graphql({ kind: 'transport', message: 'ECONNRESET', timedOut: false })).trouble).toBe('unavailable');
    expect(failing(graphql({ kind: 'http-status', status: 500, reason: 'x' })).trouble).toBe('unavailable');
    expect(failing(raw({ error: 'ECONNREFUSED' })).trouble).toBe('unavailable');
    expect(failing(raw({ status: 503, headers: {}, body: '' })).trouble).toBe('unavailable');
    // Unavailable wins over throttled, whichever comes first.
    expect(failing(raw({ status: 429, headers: {}, body: '' }), raw({ status: 502, headers: {}, body: '' })).trouble).toBe('unavailable');
  });

  test('a 429 that outlasted the retries, and nothing worse: throttled', () => {
    expect(failing(ok, graphql({ kind: 'http-status', status: 429, reason: 'x' })).trouble).toBe('throttled');
    expect(failing(raw({ status: 429, headers: {}, body: '' }), ok).trouble).toBe('throttled');
  });

  test("the monitor's own budget: budget, from a finding or from an exchange", () => {
    const recorder = new CheckRecorder();
    recorder.record(raw({ status: 500, headers: {}, body: '' }));
    recorder.fail('Contract broken');
    recorder.fail(`${BUDGET_EXCEEDED}: the run's request budget is spent`);
    expect(recorder.result().trouble).toBe('budget');
    expect(failing(graphql({ kind: 'transport', message: `${BUDGET_EXCEEDED}: x`, timedOut: false })).trouble).toBe('budget');
    expect(failing(raw({ error: `${BUDGET_EXCEEDED}: y` })).trouble).toBe('budget');
  });

  test('not onboarded only when every failure says so', () => {
    const recorder = new CheckRecorder();
    recorder.fail(`${NOT_ONBOARDED} nothing pinned`);
    expect(recorder.result().trouble).toBe('not-onboarded');
    recorder.fail('Contract broken');
    expect(recorder.result()).not.toHaveProperty('trouble');
  });

  test('no failure, no trouble, even with a 5xx among the exchanges', () => {
    const recorder = new CheckRecorder();
    recorder.record(raw({ status: 500, headers: {}, body: '' }));
    recorder.warn('slow');
    expect(recorder.result()).not.toHaveProperty('trouble');
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
