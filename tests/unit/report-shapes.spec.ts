import { test, expect } from '../contract/base-test';
import { resolve } from 'node:path';
import type { RawExchange } from '../../src/checks/check';
import type { GraphQLExchange, GraphQLOutcome } from '../../src/pluvo/graphql-client';
import { reportFiles } from '../../src/report/report-files';
import { reportableExchange } from '../../src/report/reportable-exchange';
import { targetIdentity } from '../../src/targets/target-identity';

/** What goes into the reports: exchanges as attached, the reporters a run writes, and how a target is named. */

const exchange = (outcome: GraphQLOutcome): GraphQLExchange => ({
  outcome,
  request: { url: 'https://a.pluvo.com/graphql/', query: '{ a }', auth: 'token' },
  attempts: 1,
  durationMs: 5,
  endedAt: 0,
});

test.describe('an exchange as a report attaches it', () => {
  test('data: the status only, since the body shows the data', () => {
    expect(reportableExchange(exchange({ kind: 'data', status: 200, data: { a: 1 } }))).toStrictEqual({
      ...exchange({ kind: 'data', status: 200, data: {} }),
      outcome: { kind: 'data', status: 200 },
    });
  });

  test('GraphQL errors: the first 20, each cut, the rest counted; data said to be in the body, or null', () => {
    const errors = Array.from({ length: 23 }, (_, i) => ({
      message: i === 0 ? 'm'.repeat(600) : `error ${i}`,
      ...(i === 1 ? { path: ['a', 0] } : {}),
      ...(i === 2 ? { extensions: { code: 'X' } } : {}),
    }));
    const outcome = (reportableExchange(exchange({ kind: 'graphql-errors', status: 200, errors, data: { a: null } })) as { outcome: Record<string, unknown> })
      .outcome;
    expect(outcome).toStrictEqual({
      kind: 'graphql-errors',
      status: 200,
      errors: [
        { message: `${'m'.repeat(499)}…` },
        { message: 'error 1', path: '["a",0]' },
        { message: 'error 2', extensions: '{"code":"X"}' },
        ...Array.from({ length: 17 }, (_, i) => ({ message: `error ${i + 3}` })),
      ],
      moreErrors: 3,
      data: '(see the response body)',
    });
    const few = (
      reportableExchange(exchange({ kind: 'graphql-errors', status: 400, errors: errors.slice(3, 23), data: null })) as { outcome: Record<string, unknown> }
    ).outcome;
    expect(few).not.toHaveProperty('moreErrors');
    expect(few.data).toBeNull();
    expect((few.errors as unknown[]).length).toBe(20);
  });

  test('other outcomes, and raw exchanges, as they are', () => {
    const status = exchange({ kind: 'http-status', status: 502, reason: 'Bad Gateway' });
    expect(reportableExchange(status)).toStrictEqual(status);
    const transport = exchange({ kind: 'transport', message: 'ECONNREFUSED', timedOut: false });
    expect(reportableExchange(transport)).toStrictEqual(transport);
    const raw: RawExchange = { request: { method: 'GET', url: 'https://a.pluvo.com/graphql' }, response: { status: 301, headers: {}, body: '' } };
    expect(reportableExchange(raw)).toStrictEqual(raw);
  });

  test('a JSON response is kept as its shape, unless whole bodies are asked for; a body that is not JSON is kept, it is the finding', () => {
    const response = {
      status: 200,
      headers: {},
      body: '{"data":{"user":{"id":"u1","name":"Ada"}}}',
      shape: '{"data":{"user":{"id":"u1","name":"(text, 3 characters)"}}}',
    };
    const raw: RawExchange = { request: { method: 'POST', url: 'https://a.pluvo.com/graphql/' }, response };
    expect(reportableExchange(raw)).toStrictEqual({ ...raw, response: { status: 200, headers: {}, shape: response.shape } });
    expect(reportableExchange(raw, 'full')).toStrictEqual({ ...raw, response: { status: 200, headers: {}, body: response.body } });
    const page: RawExchange = { ...raw, response: { status: 502, headers: {}, body: '<html>502</html>' } };
    expect(reportableExchange(page)).toStrictEqual(page);
  });
});

test.describe('the reports a complete run writes', () => {
  test('our console, HTML, JSON, JUnit and the alert reporter, in the folder given', () => {
    expect(reportFiles('out')).toStrictEqual([
      [resolve('src/report/console-reporter.ts')],
      ['html', { outputFolder: 'out/html', open: 'never', noSnippets: true }],
      ['json', { outputFile: 'out/results.json' }],
      [resolve('src/report/junit-reporter.ts'), { outputFile: 'out/junit.xml' }],
      [resolve('src/sinks/end-of-run-reporter.ts')],
    ]);
  });
});

test.describe('a target as people and state know it', () => {
  test('the embedded sandbox; a real organisation by its root; a project name leads the label', () => {
    expect(targetIdentity({ target: { kind: 'sandbox', root: 'http://127.0.0.1:1' } } as never)).toStrictEqual({
      key: 'sandbox',
      label: 'the embedded sandbox',
    });
    const real = { target: { kind: 'org', org: 'acme', root: 'https://acme.pluvo.com' } } as never;
    expect(targetIdentity(real, 'acme')).toStrictEqual({ key: 'https://acme.pluvo.com', label: 'acme (https://acme.pluvo.com)' });
    expect(targetIdentity(real, 'contract')).toStrictEqual({ key: 'https://acme.pluvo.com', label: 'https://acme.pluvo.com' });
    expect(targetIdentity(real)).toStrictEqual({ key: 'https://acme.pluvo.com', label: 'https://acme.pluvo.com' });
    expect(targetIdentity(real, '')).toStrictEqual({ key: 'https://acme.pluvo.com', label: 'https://acme.pluvo.com' });
  });
});
