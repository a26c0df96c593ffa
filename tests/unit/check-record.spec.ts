import { test, expect } from '../contract/base-test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import type { CheckOutcome } from '../../src/outcome/check-outcome';
import { fatalErrorLine, OUTCOME_ANNOTATION, readTestEnd } from '../../src/report/check-record';
import { clearRegisteredSecrets, MASK } from '../../src/security/redact';

/** How the alert reporter reads one ended test: Playwright's result and our annotations, field by field. */

type Annotation = { type: string; description?: string };
function ended(
  outcome: ReturnType<TestCase['outcome']>,
  result: Partial<TestResult> = {},
  annotations: Annotation[] = [],
  testExtra: Partial<Pick<TestCase, 'retries' | 'expectedStatus' | 'tags'>> = {},
) {
  const test = {
    id: 'id-1',
    title: 'a title',
    tags: ['@auth', '@smoke'],
    annotations,
    retries: 0,
    expectedStatus: 'passed',
    outcome: () => outcome,
    ...testExtra,
  } as unknown as TestCase;
  const fullResult = {
    retry: 0,
    status: outcome === 'unexpected' ? 'failed' : outcome === 'skipped' ? 'skipped' : 'passed',
    annotations: [],
    errors: [],
    ...result,
  } as unknown as TestResult;
  return [test, fullResult] as const;
}

const read = (...args: Parameters<typeof ended>) => readTestEnd(...ended(...args));

const judged = (status: CheckOutcome['status'], extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
  checkId: 'auth.token-issued',
  title: 'a title',
  area: 'auth',
  docs: 'd',
  status,
  failures: [],
  warnings: [],
  notes: [],
  notices: [],
  latency: { p50Ms: 12, p95Ms: 30, verdict: 'ok' },
  operations: [],
  pins: [],
  facts: {},
  ...extra,
});
const target = { key: 'https://a.pluvo.com', label: 'a' };
const annotated = (outcome: CheckOutcome, where = target) => ({ type: OUTCOME_ANNOTATION, description: JSON.stringify({ target: where, outcome }) });

test.describe("the reporter's reading of an ended test", () => {
  test('a check: the typed outcome the suite attached, with its target, never its error text', () => {
    const failed = judged('failed', {
      cause: 'unavailable',
      headline: 'Pluvo did not answer…',
      failures: [{ message: 'HTTP 502', cause: 'unavailable', key: 'HTTP 502' }],
    });
    expect(read('unexpected', { errors: [{ message: 'Contract broken: something else entirely' }] }, [annotated(failed)])).toStrictEqual({
      record: { ...failed, outcome: 'failed', target },
    });
    expect(read('expected', {}, [annotated(judged('degraded'))])).toMatchObject({ record: { outcome: 'degraded' } });
    expect(read('expected', {}, [annotated(judged('passed'))])).toMatchObject({ record: { outcome: 'passed', latency: { p50Ms: 12, p95Ms: 30 } } });
  });

  test('the annotation of the attempt that ended wins over an earlier one', () => {
    const [testCase, result] = ended('expected', { annotations: [annotated(judged('passed', { checkId: 'latest' }))] }, [
      annotated(judged('failed', { checkId: 'earlier' })),
    ]);
    expect(readTestEnd(testCase, result)).toMatchObject({ record: { checkId: 'latest' } });
  });

  test('passed only on retry: flaky, whatever the last attempt judged', () => {
    expect(read('flaky', {}, [annotated(judged('passed'))])).toMatchObject({ record: { outcome: 'flaky', status: 'passed' } });
  });

  test('a check of ours that threw has no outcome: incomplete, with its first line, redacted', () => {
    clearRegisteredSecrets();
    expect(read('unexpected', { errors: [{ message: 'The check could not finish: Bearer abc.def.ghi-123\n  at x' }] })).toEqual({
      incomplete: `a title: The check could not finish: Bearer ${MASK}`,
    });
    expect(read('unexpected', { errors: [], error: { message: 'only error' } })).toEqual({ incomplete: 'a title: only error' });
    expect(read('unexpected', { errors: [], status: 'timedOut' })).toEqual({ incomplete: 'a title: timedOut' });
  });

  test('an annotation that cannot be read counts as none', () => {
    for (const description of [
      'not json',
      JSON.stringify({ target, outcome: { title: 'no id' } }),
      JSON.stringify({ target: { key: 'k' }, outcome: judged('passed') }),
    ])
      expect(read('expected', {}, [{ type: OUTCOME_ANNOTATION, description }])).toEqual({ incomplete: 'a title: passed' });
  });

  test('interrupted, or skipped without being meant to: incomplete, with no reason of its own', () => {
    expect(read('unexpected', { status: 'interrupted' })).toEqual({ incomplete: undefined });
    // A stopped run's check is never retried, however many retries are left: not "failed, tried again".
    expect(read('unexpected', { retry: 0, status: 'interrupted' }, [], { retries: 1 })).toEqual({ incomplete: undefined });
    expect(read('skipped', { status: 'skipped' })).toEqual({ incomplete: undefined });
    expect(read('skipped', {}, [annotated(judged('skipped'))], { expectedStatus: 'skipped' })).toMatchObject({ record: { outcome: 'skipped' } });
  });

  test('an attempt that will be retried is not the outcome yet; a pass or skip on the way is', () => {
    const failed = [annotated(judged('failed', { cause: 'contract' }))];
    expect(read('unexpected', { retry: 0, status: 'failed' }, failed, { retries: 2 })).toBe('retrying');
    expect(read('unexpected', { retry: 1, status: 'timedOut' }, failed, { retries: 2 })).toBe('retrying');
    expect(read('unexpected', { retry: 2, status: 'failed' }, failed, { retries: 2 })).toMatchObject({ record: { outcome: 'failed' } });
    expect(read('flaky', { retry: 1, status: 'passed' }, [annotated(judged('passed'))], { retries: 2 })).toMatchObject({ record: { outcome: 'flaky' } });
  });
});

test.describe('an error outside any test', () => {
  test('its first line, without colour codes or "Error: ", redacted', () => {
    clearRegisteredSecrets();
    expect(fatalErrorLine({ message: '\u001b[31mError: Cannot find module x\u001b[39m\n    at y' })).toBe('Cannot find module x');
    expect(fatalErrorLine({ message: 'a \u001b[1;31mbold\u001b[0m Error: kept' })).toBe('a bold Error: kept');
    expect(fatalErrorLine({ value: 'thrown Bearer abc.def.ghi-123' })).toBe(`thrown Bearer ${MASK}`);
    expect(fatalErrorLine({})).toBe('unknown error');
    expect(fatalErrorLine({ message: '' })).toBe('');
  });
});
