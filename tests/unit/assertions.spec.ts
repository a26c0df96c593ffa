import { test, expect } from '../contract/base-test';
import { checkAssertion, parseAssertion, type Assertion } from '../../src/contracts/assertions';

/** What users state about their operations' data: parsed at load, each failure shown with the value its path resolved to. */
const parsed = (text: string) => {
  const assertion = parseAssertion(text);
  if (typeof assertion === 'string') throw new Error(assertion);
  return assertion;
};
const check = (text: string, data: unknown) => checkAssertion(parsed(text), data);

const USERS = { paginatedUsers: { count: 2, edges: [{ node: { email: 'ada@example.com' } }, { node: { email: null } }] } };

test.describe('assertions over an operation’s data', () => {
  test('a comparison with a number, and the value it met when it does not hold', () => {
    expect(check('paginatedUsers.count >= 1', USERS)).toBeUndefined();
    expect(check('paginatedUsers.count >= 1', { paginatedUsers: { count: 0 } })).toBe(
      'Our assertion "paginatedUsers.count >= 1" does not hold: paginatedUsers.count (0) >= 1.',
    );
    expect(check('paginatedUsers.count < 2', USERS)).toBe('Our assertion "paginatedUsers.count < 2" does not hold: paginatedUsers.count (2) < 2.');
    expect(check('paginatedUsers.count > 1', USERS)).toBeUndefined();
    expect(check('paginatedUsers.count <= 2', USERS)).toBeUndefined();
  });

  test('every item with *: each place that fails is named, with its index', () => {
    expect(check('paginatedUsers.edges.*.node.email != null', USERS)).toBe(
      'Our assertion "paginatedUsers.edges.*.node.email != null" does not hold: paginatedUsers.edges[1].node.email (null) != null.',
    );
    expect(check('paginatedUsers.edges.*.node.email != null', { paginatedUsers: { edges: [] } })).toBeUndefined();
  });

  test('equality with any JSON value; a missing place is "missing" and counts as null', () => {
    expect(
      check('paginatedUsers.edges.0.node.email == "ada@example.com"', { paginatedUsers: { edges: { 0: { node: { email: 'ada@example.com' } } } } }),
    ).toBeUndefined();
    expect(check('paginatedUsers.total == 2', USERS)).toBe('Our assertion "paginatedUsers.total == 2" does not hold: paginatedUsers.total (missing) == 2.');
    expect(check('paginatedUsers.total == null', USERS)).toBeUndefined();
    expect(check('paginatedUsers.count != 0', USERS)).toBeUndefined();
  });

  test('len() of a list or a string', () => {
    expect(check('len(paginatedUsers.edges) == 2', USERS)).toBeUndefined();
    expect(check('len(paginatedUsers.edges) > 5', USERS)).toBe(
      'Our assertion "len(paginatedUsers.edges) > 5" does not hold: len(paginatedUsers.edges) (2) > 5.',
    );
    expect(check('len(paginatedUsers.count) >= 1', USERS)).toBe(
      'Our assertion "len(paginatedUsers.count) >= 1" does not hold: len(paginatedUsers.count) (missing) >= 1.',
    );
  });

  test('an order needs a number on both sides: a string there does not hold', () => {
    expect(check('paginatedUsers.count > 1', { paginatedUsers: { count: '5' } })).toMatch(/paginatedUsers\.count \("5"\) > 1/);
  });

  test('five failing places are named, the rest counted', () => {
    const many = { list: Array.from({ length: 8 }, () => ({ v: 0 })) };
    expect(check('list.*.v >= 1', many)).toMatch(/list\[4\]\.v \(0\) >= 1, and 3 more\.$/);
  });

  test('what does not read as an assertion says why, for its one line at load', () => {
    expect(parseAssertion('count')).toMatch(/is not `<path> <op> <value>`/);
    expect(parseAssertion('a.b => 1')).toMatch(/is not `<path> <op> <value>`/);
    expect(parseAssertion('a.b >= "x"')).toBe('orders by >=, which needs a number to compare with');
    expect(parseAssertion('len(a) == "x"')).toBe('compares a length, which needs a number to compare with');
    expect(parseAssertion('a == nope')).toMatch(/compares with nope, which is not a JSON value/);
    expect(parseAssertion('  a.b  !=  null ')).toEqual({
      text: 'a.b  !=  null',
      path: 'a.b',
      length: false,
      operator: '!=',
      expected: null,
    } satisfies Assertion);
  });
});
