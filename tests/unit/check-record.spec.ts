import { test, expect } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { fatalErrorLine, readTestEnd } from '../../src/report/check-record';
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

const fallback = { key: 'sandbox', label: 'the embedded sandbox' };
const read = (...args: Parameters<typeof ended>) => readTestEnd(...ended(...args), () => fallback);

test.describe("the reporter's reading of an ended test", () => {
  test('a passed check: its id, title, area, outcome, target and timings', () => {
    expect(
      read('expected', {}, [
        { type: 'check', description: 'auth.token-issued' },
        { type: 'target', description: JSON.stringify({ key: 'https://a.pluvo.com', label: 'a' }) },
        { type: 'timing', description: JSON.stringify({ p50Ms: 12, p95Ms: 30 }) },
      ]),
    ).toStrictEqual({
      record: {
        target: { key: 'https://a.pluvo.com', label: 'a' },
        checkId: 'auth.token-issued',
        title: 'a title',
        area: 'auth',
        outcome: 'passed',
        p50Ms: 12,
        p95Ms: 30,
      },
      notices: [],
    });
  });

  test('without annotations: the title is the id, the default target stands in, no timings', () => {
    expect(read('expected')).toStrictEqual({
      record: { target: fallback, checkId: 'a title', title: 'a title', area: 'auth', outcome: 'passed' },
      notices: [],
    });
  });

  test('the area is the first tag that names one; none is "unknown"', () => {
    const areaOf = (tags: string[]) => (read('expected', {}, [], { tags }) as { record: { area: string } }).record.area;
    expect(areaOf(['@', 'x', '@paging', '@shape'])).toBe('paging');
    expect(areaOf([])).toBe('unknown');
    expect(areaOf(['@'])).toBe('unknown');
  });

  test('a failed check: the first error, redacted, and its trouble', () => {
    clearRegisteredSecrets();
    const failed = read('unexpected', { errors: [{ message: 'Contract broken\n  - Bearer abc.def' }, { message: 'second' }] }, [
      { type: 'trouble', description: 'unavailable' },
    ]);
    expect(failed).toMatchObject({ record: { outcome: 'failed', trouble: 'unavailable', message: `Contract broken\n  - Bearer ${MASK}` } });
    expect(read('unexpected', { errors: [], error: { message: 'only error' } })).toMatchObject({ record: { message: 'only error' } });
    expect(read('unexpected', { errors: [], status: 'timedOut' })).toMatchObject({ record: { message: 'timedOut' } });
  });

  test('trouble counts only on a failure', () => {
    const passed = read('expected', {}, [{ type: 'trouble', description: 'unavailable' }]) as { record: object };
    expect(passed.record).not.toHaveProperty('trouble');
    const failed = read('unexpected', { errors: [{ message: 'x' }] }) as { record: object };
    expect(failed.record).not.toHaveProperty('trouble');
  });

  test('degraded: a passed check that says why it was slow', () => {
    expect(read('expected', {}, [{ type: 'degraded', description: 'p95 900 ms over 500 ms' }])).toMatchObject({
      record: { outcome: 'degraded', message: 'Degraded: a title\np95 900 ms over 500 ms' },
    });
    expect((read('expected') as { record: object }).record).not.toHaveProperty('message');
  });

  test('flaky and skipped outcomes; a skip that was meant is a record, not incomplete', () => {
    expect(read('flaky')).toMatchObject({ record: { outcome: 'flaky' } });
    expect((read('flaky') as { record: object }).record).not.toHaveProperty('message');
    expect(read('skipped', {}, [], { expectedStatus: 'skipped' })).toMatchObject({ record: { outcome: 'skipped' } });
  });

  test('an attempt that will be retried is not the outcome yet; a pass or skip on the way is', () => {
    expect(read('unexpected', { retry: 0, status: 'failed' }, [], { retries: 2 })).toBe('retrying');
    expect(read('unexpected', { retry: 1, status: 'timedOut' }, [], { retries: 2 })).toBe('retrying');
    expect(read('unexpected', { retry: 2, status: 'failed', errors: [{ message: 'x' }] }, [], { retries: 2 })).toMatchObject({ record: { outcome: 'failed' } });
    expect(read('flaky', { retry: 1, status: 'passed' }, [], { retries: 2 })).toMatchObject({ record: { outcome: 'flaky' } });
    expect(read('skipped', { retry: 0, status: 'skipped' }, [], { retries: 2, expectedStatus: 'skipped' })).toMatchObject({ record: { outcome: 'skipped' } });
  });

  test('interrupted, or skipped without being meant to: incomplete', () => {
    expect(read('unexpected', { status: 'interrupted' })).toBe('incomplete');
    expect(read('skipped', { status: 'skipped' })).toBe('incomplete');
  });

  test('notices: each one with words, redacted, in order', () => {
    clearRegisteredSecrets();
    const { notices } = read('expected', {}, [
      { type: 'notice', description: 'User.email is deprecated' },
      { type: 'notice' },
      { type: 'other', description: 'not a notice' },
      { type: 'notice', description: 'token Bearer xyz' },
    ]) as { notices: string[] };
    expect(notices).toEqual(['User.email is deprecated', `token Bearer ${MASK}`]);
  });

  test('a target or timing note that cannot be read is left out', () => {
    const withNotes = (target: string, timing: string) =>
      (
        read('expected', {}, [
          { type: 'target', description: target },
          { type: 'timing', description: timing },
        ]) as { record: object }
      ).record;
    expect(withNotes('not json', 'not json')).toStrictEqual({ target: fallback, checkId: 'a title', title: 'a title', area: 'auth', outcome: 'passed' });
    expect(withNotes(JSON.stringify({ key: 'k' }), JSON.stringify({ p50Ms: '1', p95Ms: 2 }))).toStrictEqual({
      target: fallback,
      checkId: 'a title',
      title: 'a title',
      area: 'auth',
      outcome: 'passed',
      p95Ms: 2,
    });
    expect(withNotes(JSON.stringify({ label: 'l' }), JSON.stringify({ p50Ms: 1 }))).toMatchObject({ target: fallback, p50Ms: 1 });
    expect(withNotes(JSON.stringify({ label: 'l' }), JSON.stringify({ p50Ms: 1 }))).not.toHaveProperty('p95Ms');
  });
});

test.describe('an error outside any test', () => {
  test('its first line, without colour codes or "Error: ", redacted', () => {
    clearRegisteredSecrets();
    expect(fatalErrorLine({ message: '\u001b[31mError: Cannot find module x\u001b[39m\n    at y' })).toBe('Cannot find module x');
    expect(fatalErrorLine({ message: 'a \u001b[1;31mbold\u001b[0m Error: kept' })).toBe('a bold Error: kept');
    expect(fatalErrorLine({ value: 'thrown Bearer abc' })).toBe(`thrown Bearer ${MASK}`);
    expect(fatalErrorLine({})).toBe('unknown error');
    expect(fatalErrorLine({ message: '' })).toBe('');
  });
});
