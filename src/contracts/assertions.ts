import { shown } from '../text/shown';

/**
 * What a user states about an operation's data, in the manifest's "assert" list, the way Gatus
 * writes conditions: `paginatedUsers.count >= 1`, `paginatedUsers.edges.*.node.email != null`,
 * `len(paginatedUsers.edges) <= 50`. A path is dotted; `*` means every item of a list, and each
 * must hold. A failure shows the place and the value it resolved to: `paginatedUsers.count (0) >= 1`.
 */
export interface Assertion {
  /** As written, for messages. */
  text: string;
  path: string;
  /** `len(path)`: the length of the list (or string) there. */
  length: boolean;
  operator: Operator;
  expected: unknown;
}

const OPERATORS = ['==', '!=', '>=', '<=', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

const FORM = /^\s*(len\(\s*([A-Za-z_*][\w.*]*)\s*\)|[A-Za-z_*][\w.*]*)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$/;

/** Parse one assertion; a string that is not one says why, for a one-line error at load. */
export function parseAssertion(text: string): Assertion | string {
  const match = FORM.exec(text);
  if (!match) return 'is not `<path> <op> <value>` (ops: == != >= <= > <), e.g. "paginatedUsers.count >= 1"';
  const [, left = '', inLen, operator, literal = ''] = match;
  let expected: unknown;
  try {
    expected = JSON.parse(literal);
  } catch {
    return `compares with ${literal}, which is not a JSON value (a number, "a string", true, false or null)`;
  }
  const length = inLen !== undefined;
  const ordered = operator !== '==' && operator !== '!=';
  if (ordered && typeof expected !== 'number') return `orders by ${operator}, which needs a number to compare with`;
  if (length && typeof expected !== 'number') return 'compares a length, which needs a number to compare with';
  return { text: text.trim(), path: length ? inLen! : left, length, operator: operator as Operator, expected };
}

/** Each place the path reaches in the data (every item for `*`), with its value; an empty list reaches none. */
function resolve(data: unknown, path: string): Array<{ at: string; value: unknown }> {
  let places: Array<{ at: string; value: unknown }> = [{ at: '', value: data }];
  for (const part of path.split('.')) {
    places = places.flatMap(({ at, value }) => {
      if (part === '*')
        return Array.isArray(value) ? value.map((item, index) => ({ at: `${at}[${index}]`, value: item })) : [{ at: `${at}.*`, value: undefined }];
      const next = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
      return [{ at: at ? `${at}.${part}` : part, value: next }];
    });
  }
  return places;
}

function holds(actual: unknown, operator: Operator, expected: unknown): boolean {
  switch (operator) {
    case '==':
      return JSON.stringify(actual ?? null) === JSON.stringify(expected);
    case '!=':
      return JSON.stringify(actual ?? null) !== JSON.stringify(expected);
    default:
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      return operator === '>=' ? actual >= expected : operator === '<=' ? actual <= expected : operator === '>' ? actual > expected : actual < expected;
  }
}

/** At most this many failing places are named per assertion; the rest are counted. */
const NAMED = 5;

/** The assertion against the data: nothing when it holds, else one line naming each failing place and its value. */
export function checkAssertion(assertion: Assertion, data: unknown): string | undefined {
  const failing = resolve(data, assertion.path).flatMap(({ at, value }) => {
    const actual = assertion.length ? (Array.isArray(value) || typeof value === 'string' ? value.length : undefined) : value;
    if (holds(actual, assertion.operator, assertion.expected)) return [];
    const subject = assertion.length ? `len(${at})` : at;
    return [`${subject} (${actual === undefined ? 'missing' : shown(actual, 60)}) ${assertion.operator} ${JSON.stringify(assertion.expected)}`];
  });
  if (!failing.length) return undefined;
  const more = failing.length > NAMED ? `, and ${failing.length - NAMED} more` : '';
  return `Our assertion "${assertion.text}" does not hold: ${failing.slice(0, NAMED).join('; ')}${more}.`;
}
