import { test, expect } from '../contract/base-test';
import { reportOfCheck } from '../../src/engine/check-report';
import { shapeOfBody } from '../../src/http/response-shape';
import { runChecksAgainstSandbox } from '../support/run-checks';

/**
 * The people of an organisation stay out of what is published: a report keeps a response's shape
 * (keys, types, counts) and the values a finding needs, never names or e-mail addresses, unless
 * PLUVO_KEEP_BODIES=full asks for whole bodies. The hourly workflow publishes the HTML report.
 */

/** The sandbox's seeded users' addresses: first.last.N@example.com. */
const SEEDED_EMAIL = /[a-z]+\.[a-z]+\.\d+@example\.com/i;

test.describe("the people in Pluvo's answers stay out of the reports", () => {
  test("a response's shape: keys, types and counts, ids, cursors and errors; no person's name or address", () => {
    const body = JSON.stringify({
      data: {
        paginatedUsers: {
          count: 137,
          pageInfo: { hasNextPage: true, endCursor: 'YXJyYXk6NDk=' },
          edges: Array.from({ length: 50 }, (_, i) => ({
            cursor: `c${i}`,
            node: { id: `u${i}`, name: `Ada Lovelace ${i}`, email: `ada.lovelace.${i}@example.com`, age: 36 },
          })),
        },
      },
      errors: [{ message: 'Cannot query field "emailAddress" on type "User".', path: ['paginatedUsers'] }],
    });
    const shape = shapeOfBody(body)!;
    // Taken from the body as the GraphQL client already parsed it, the shape is the same.
    expect(shapeOfBody(body, JSON.parse(body))).toBe(shape);
    expect(shape).not.toMatch(SEEDED_EMAIL);
    expect(shape).not.toContain('Lovelace');
    expect(JSON.parse(shape)).toEqual({
      data: {
        paginatedUsers: {
          count: 137,
          pageInfo: { hasNextPage: true, endCursor: 'YXJyYXk6NDk=' },
          edges: [
            { cursor: 'c0', node: { id: 'u0', name: '(text, 14 characters)', email: '(text, 26 characters)', age: 36 } },
            { cursor: 'c1', node: { id: 'u1', name: '(text, 14 characters)', email: '(text, 26 characters)', age: 36 } },
            { cursor: 'c2', node: { id: 'u2', name: '(text, 14 characters)', email: '(text, 26 characters)', age: 36 } },
            '(and 47 more items)',
          ],
        },
      },
      errors: [{ message: 'Cannot query field "emailAddress" on type "User".', path: ['paginatedUsers'] }],
    });
    // One past what is kept is one: "(and 1 more item)".
    expect(JSON.parse(shapeOfBody('[1,2,3,4]')!)).toEqual([1, 2, 3, '(and 1 more item)']);
    // Not JSON (a proxy's page): no shape, so the body itself is the finding.
    expect(shapeOfBody('<html><title>502 Bad Gateway</title></html>')).toBeUndefined();
    // Nested 100 deep: walked no further than 24 levels, and said. Nested 100,000 deep: not even read.
    const deeper = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(shapeOfBody(deeper)).toContain('"(nested deeper than 24 levels)"');
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(shapeOfBody(deep)).toBe('"(a JSON body nested deeper than 512 levels: not read)"');
  });

  test('a failing check keeps its exchanges as shapes; PLUVO_KEEP_BODIES=full keeps the bodies', async () => {
    const only = (id: string) => id === 'shape.response.UsersPage';
    const { results, outcomes } = await runChecksAgainstSandbox({ faults: new Set(['malformed-email']), only });
    const result = results.get('shape.response.UsersPage')!;
    const outcome = outcomes.get('shape.response.UsersPage')!;
    expect(outcome.status).toBe('failed');
    const target = { key: 'sandbox', label: 'the embedded sandbox' };
    const responseOf = (bodies: 'shape' | 'full') => {
      const [exchange] = reportOfCheck(target, result, outcome, 'failing', bodies).attachments;
      expect(exchange?.name).toBe('exchange-1.json');
      return JSON.parse((exchange as { body: string }).body).response as { body?: string; shape?: string };
    };
    const full = responseOf('full');
    const names = [...(full.body ?? '').matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    const shaped = responseOf('shape');
    expect(shaped.body).toBeUndefined();
    expect(shaped.shape).toContain('"email": "(text, ');
    for (const name of names) expect(shaped.shape).not.toContain(name);
  });

  test("a healthy check's exchanges, kept as every check's are with PLUVO_KEEP_EXCHANGES=always, hold none of the seeded users' addresses", async () => {
    // What a run attaches is what the published HTML report embeds: Playwright's HTML reporter keeps attachments as they are.
    const only = (id: string) => id === 'shape.response.UsersPage' || id === 'paging.cursor-walk.paginatedUsers';
    const { results, outcomes } = await runChecksAgainstSandbox({ only });
    const target = { key: 'sandbox', label: 'the embedded sandbox' };
    const attached = [...results].map(([id, result]) => {
      expect(outcomes.get(id)?.status).toBe('passed');
      return JSON.stringify(reportOfCheck(target, result, outcomes.get(id)!, 'always').attachments);
    });
    expect(attached.join('').length).toBeGreaterThan(1_000);
    for (const text of attached) expect(text).not.toMatch(SEEDED_EMAIL);
    // Kept whole, they would: the test can tell.
    const whole = [...results].map(([id, result]) => JSON.stringify(reportOfCheck(target, result, outcomes.get(id)!, 'always', 'full').attachments));
    expect(whole.some((text) => SEEDED_EMAIL.test(text))).toBe(true);
  });
});
