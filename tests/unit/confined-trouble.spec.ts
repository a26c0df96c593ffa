import { test, expect } from '../contract/base-test';
import { quietOutcome, type CheckOutcome } from '../../src/outcome/check-outcome';
import { judgedBesideItsTarget } from '../../src/outcome/confined-trouble';

const NOTE =
  "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered, so it counts as this contract's failure.";

const outcome = (checkId: string, status: CheckOutcome['status'], more: Partial<CheckOutcome> = {}): CheckOutcome => ({
  ...quietOutcome({ checkId, title: `title of ${checkId}`, area: 'paging', docs: 'https://www.pluvo.com/nl/developers/pagination', status }),
  ...more,
});
const unavailable = (i: number) =>
  outcome(`u.${i}`, 'failed', {
    cause: 'unavailable',
    headline: `Pluvo did not answer: title of u.${i}`,
    failures: [{ message: 'HTTP 502', cause: 'unavailable', key: 'HTTP 502' }],
  });
const passed = (n: number) => Array.from({ length: n }, (_, i) => outcome(`p.${i}`, 'passed'));
const skipped = Array.from({ length: 10 }, (_, i) => outcome(`s.${i}`, 'skipped'));

test.describe("a check that got no answer, judged beside its target's other checks", () => {
  test("confined to a quarter of the checks that ran, it is that contract's failure, said why first", () => {
    const target = [unavailable(0), ...passed(3), ...skipped];
    expect(judgedBesideItsTarget(unavailable(0), target)).toEqual({
      ...unavailable(0),
      cause: 'contract',
      headline: 'Contract broken: title of u.0',
      failures: [
        { message: NOTE, cause: 'contract' },
        { message: 'HTTP 502', cause: 'unavailable', key: 'HTTP 502' },
      ],
    });
  });

  test('skipped checks do not count among those that ran: one of three is more than a quarter, the API did not answer', () => {
    expect(judgedBesideItsTarget(unavailable(0), [unavailable(0), ...passed(2), ...skipped])).toEqual(unavailable(0));
  });

  test('everywhere, it stays unavailable; with two of ten, both are their contracts', () => {
    const down = Array.from({ length: 10 }, (_, i) => unavailable(i));
    expect(judgedBesideItsTarget(unavailable(3), down)).toEqual(unavailable(3));
    const two = [unavailable(0), unavailable(1), ...passed(8)];
    expect(two.map((check) => judgedBesideItsTarget(check, two).cause)).toEqual(['contract', 'contract', ...Array(8).fill(undefined)]);
  });

  test("trouble that another check met and got past comes and goes: not one contract's, whatever its share; other trouble got past does not count", () => {
    const flaky = (key: string) => outcome('f.0', 'passed', { passedOnRetry: true, blip: key });
    const target = [unavailable(0), flaky('HTTP 502'), ...passed(8)];
    expect(judgedBesideItsTarget(unavailable(0), target)).toEqual(unavailable(0));
    const otherBlip = [unavailable(0), flaky('ECONNRESET'), ...passed(8)];
    expect(judgedBesideItsTarget(unavailable(0), otherBlip).cause).toBe('contract');
  });

  test('only a failure for no answer is judged again: throttled, a contract failure and a degraded check stay as they are', () => {
    const throttled = outcome('t.0', 'failed', { cause: 'throttled', failures: [{ message: '429', cause: 'throttled' }] });
    const broken = outcome('c.0', 'failed', { cause: 'contract', failures: [{ message: 'no pageInfo', cause: 'contract' }] });
    const degraded = outcome('d.0', 'degraded', { cause: 'unavailable' });
    for (const check of [throttled, broken, degraded]) expect(judgedBesideItsTarget(check, [check, ...passed(10)])).toBe(check);
    // One with no message of its own gets the explanation alone.
    const bare = outcome('u.1', 'failed', { cause: 'unavailable' });
    expect(judgedBesideItsTarget(bare, [bare, ...passed(10)]).failures).toEqual([{ message: NOTE, cause: 'contract' }]);
  });
});
