import { test, expect } from '../contract/base-test';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { causeOf, describeOutcome, GraphQLClient } from '../../src/pluvo/graphql-client';
import { RunLimits } from '../../src/pluvo/run-limits';
import { TokenClient } from '../../src/pluvo/token-client';
import { NodeTransport } from '../../src/http/node-transport';
import { redactValue } from '../../src/security/redact';
import { ResponseTooLarge, type HttpTransport } from '../../src/http/transport';
import { FakeTransport, json, tokenBody } from '../support/fake-transport';

const QUERY = { query: '{ paginatedUsers(first: 1) { count } }' };

function setup(
  graphql: (authorization: string | undefined, index: number) => ReturnType<typeof json> | Promise<ReturnType<typeof json>>,
  options: { retryBudgetMs?: number; concurrency?: number } = {},
) {
  let tokenCount = 0;
  let graphqlCount = 0;
  const transport = new FakeTransport((request) => {
    if (request.url.endsWith('/oauth/token/')) return tokenBody(`token-${tokenCount++}`);
    return graphql(request.headers.authorization, graphqlCount++);
  });
  const waits: number[] = [];
  const limits = new RunLimits({ concurrency: options.concurrency ?? 4, retryBudgetMs: options.retryBudgetMs ?? 10_000 });
  const client = build(transport, limits, waits);
  return { transport, client, waits, graphqlRequests: () => transport.requests.filter((r) => r.url.endsWith('/graphql/')) };
}

function build(transport: HttpTransport, limits: RunLimits, waits: number[] = [], root = 'https://acme.pluvo.com') {
  const tokens = new TokenClient({ transport, root, clientId: 'c', clientSecret: 'client-secret-xyz', timeoutMs: 1_000, limits });
  return new GraphQLClient({
    transport,
    root,
    tokens,
    defaultScopes: ['users.read'],
    timeoutMs: 1_000,
    limits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

test.describe('GraphQL client: result classes', () => {
  test('data', async () => {
    const { client, graphqlRequests } = setup(() => json(200, { data: { paginatedUsers: { count: 3 } } }));
    const exchange = await client.execute(QUERY);
    expect(exchange.outcome).toEqual({ kind: 'data', status: 200, data: { paginatedUsers: { count: 3 } } });
    const [request] = graphqlRequests();
    expect(request?.url).toBe('https://acme.pluvo.com/graphql/');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer token-0');
    expect(JSON.parse(request?.body ?? '')).toEqual(QUERY);
  });

  test('GraphQL errors with HTTP 200', async () => {
    const { client } = setup(() => json(200, { data: { paginatedUsers: null }, errors: [{ message: 'boom', path: ['paginatedUsers'] }] }));
    const { outcome } = await client.execute(QUERY);
    expect(outcome).toEqual({ kind: 'graphql-errors', status: 200, errors: [{ message: 'boom', path: ['paginatedUsers'] }], data: { paginatedUsers: null } });
  });

  test("an outcome said as a phrase for the caller's sentence: Pluvo's full stop is not kept, so no sentence ends in two", async () => {
    const { client } = setup(() => json(400, { errors: [{ message: 'Cannot query field "email" on type "User".' }] }));
    const { outcome } = await client.execute(QUERY);
    expect(`got ${describeOutcome(outcome)}.`).toBe('got HTTP 400: Cannot query field "email" on type "User".');
  });

  test('300,000 errors: the first 100 are kept and the rest counted, so a hostile answer costs no more than its body', async () => {
    const errors = Array.from({ length: 300_000 }, (_, i) => ({ message: `error ${i}` }));
    const { client } = setup(() => json(200, { data: null, errors }));
    const { outcome } = await client.execute(QUERY);
    expect(outcome).toMatchObject({ kind: 'graphql-errors', unlisted: 299_900 });
    expect(outcome.kind === 'graphql-errors' && outcome.errors.map((e) => e.message)).toEqual(errors.slice(0, 100).map((e) => e.message));
    expect(describeOutcome(outcome)).toBe('GraphQL errors (HTTP 200): error 0 | error 1 | error 2 | error 3 | error 4 …and 299995 more');
  });

  test('a response too large is an answer judged by its status: a 200 breaks the contract, a 502 is Pluvo down', async () => {
    for (const [status, cause] of [
      [200, 'contract'],
      [502, 'unavailable'],
    ] as const) {
      const { client } = setup(() => {
        throw new ResponseTooLarge('POST https://acme.pluvo.com/graphql/: response too large (more than 10 bytes)', status);
      });
      const { outcome } = await client.execute(QUERY);
      expect(outcome).toMatchObject({ kind: 'http-status', status, reason: expect.stringContaining('response too large') });
      expect(causeOf(outcome)).toBe(cause);
    }
  });

  test('an HTTP status with an HTML body', async () => {
    const { client } = setup(() => ({ status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }));
    const { outcome } = await client.execute(QUERY);
    expect(outcome).toMatchObject({ kind: 'http-status', status: 502, reason: '<html><body>Bad Gateway</body></html>' });
  });

  test('a 200 that is not GraphQL is an HTTP-level problem, not data', async () => {
    const { client } = setup(() => ({ status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } }));
    expect((await client.execute(QUERY)).outcome).toMatchObject({ kind: 'http-status', status: 200 });
  });

  test('a transport failure', async () => {
    const limits = new RunLimits({ concurrency: 1, retryBudgetMs: 0 });
    const closed = await listen(() => undefined);
    closed.close();
    const client = build(new NodeTransport(), limits, [], closed.root);
    const { outcome } = await client.execute(QUERY, { kind: 'bearer', value: 'x' });
    expect(outcome.kind).toBe('transport');
    expect(outcome.kind === 'transport' && outcome.message).toContain('ECONNREFUSED');
  });

  test('an answer cut off before its last byte is a transport failure that says so, at once', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const limits = new RunLimits({ concurrency: 1, retryBudgetMs: 0 });
      const client = build(new NodeTransport(), limits, [], server.root);
      const { outcome } = await client.execute(QUERY, { kind: 'bearer', value: 'x' });
      expect(outcome).toMatchObject({ kind: 'transport', timedOut: false });
      expect(outcome.kind === 'transport' && outcome.message).toMatch(/failed: the connection closed before the answer was whole$/);
    } finally {
      server.close();
    }
  });

  test('a timeout is a transport failure that says so', async () => {
    const server = await listen((_req, res) => setTimeout(() => res.end('{}'), 2_000));
    try {
      const limits = new RunLimits({ concurrency: 1, retryBudgetMs: 0 });
      const tokens = new TokenClient({ transport: new NodeTransport(), root: server.root, clientId: 'c', clientSecret: 's-secret', timeoutMs: 200, limits });
      const client = new GraphQLClient({ transport: new NodeTransport(), root: server.root, tokens, defaultScopes: [], timeoutMs: 200, limits });
      const { outcome } = await client.execute(QUERY, { kind: 'bearer', value: 'x' });
      expect(outcome).toMatchObject({ kind: 'transport', timedOut: true });
    } finally {
      server.close();
    }
  });
});

test.describe('GraphQL client: auth', () => {
  test('a 401 renews the token once and retries', async () => {
    const { client, transport, graphqlRequests } = setup((auth) =>
      auth === 'Bearer token-0' ? json(401, { errors: [{ message: 'expired' }] }) : json(200, { data: { ok: true } }),
    );
    const exchange = await client.execute(QUERY);
    expect(exchange.outcome.kind).toBe('data');
    expect(graphqlRequests().map((r) => r.headers.authorization)).toEqual(['Bearer token-0', 'Bearer token-1']);
    expect(transport.requests.filter((r) => r.url.endsWith('/oauth/token/'))).toHaveLength(2);
  });

  test('a second 401 stands', async () => {
    const { client, graphqlRequests } = setup(() => json(401, { errors: [{ message: 'no', extensions: { code: 'AuthenticationError' } }] }));
    const exchange = await client.execute(QUERY);
    expect(exchange.outcome).toMatchObject({ kind: 'http-status', status: 401, reason: 'no' });
    expect(graphqlRequests()).toHaveLength(2);
    expect(exchange.attempts).toBe(2);
  });

  test('a given bearer value is not renewed on 401', async () => {
    const { client, graphqlRequests } = setup(() => json(401, {}));
    await client.execute(QUERY, { kind: 'bearer', value: 'garbage' });
    expect(graphqlRequests()).toHaveLength(1);
  });

  test('no Authorization header at all when asked', async () => {
    const { client, graphqlRequests } = setup(() => json(401, {}));
    const exchange = await client.execute(QUERY, { kind: 'none' });
    expect(graphqlRequests()[0]?.headers.authorization).toBeUndefined();
    expect(exchange.request.auth).toBe('no Authorization header');
  });

  test('the exchange, as it leaves for a report, carries no token, even one the server echoes', async () => {
    const { client } = setup(() => json(200, { data: { echo: 'token-0' } }));
    const exchange = await client.execute(QUERY);
    expect(exchange.response?.body).toContain('"echo":"[REDACTED]"');
    expect(redactValue(exchange)).not.toContain('token-0');
  });
});

test.describe('GraphQL client: redirects', () => {
  test('a redirect is returned, not followed, and the target never sees the credentials', async () => {
    const seen: IncomingMessage[] = [];
    const elsewhere = await listen((req, res) => {
      seen.push(req);
      res.end('{"data":{}}');
    });
    const origin = await listen((req, res) => {
      if (req.url === '/oauth/token/') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: 'secret-token-value', token_type: 'Bearer', expires_in: 86400 }));
        return;
      }
      res.statusCode = 301;
      res.setHeader('location', `${elsewhere.root}/graphql/`);
      res.end();
    });
    try {
      const limits = new RunLimits({ concurrency: 1, retryBudgetMs: 0 });
      const exchange = await build(new NodeTransport(), limits, [], origin.root).execute(QUERY);
      expect(exchange.outcome).toMatchObject({ kind: 'http-status', status: 301, location: `${elsewhere.root}/graphql/` });
      expect(seen).toHaveLength(0);
    } finally {
      elsewhere.close();
      origin.close();
    }
  });
});

test.describe('GraphQL client: 429 Retry-After', () => {
  test('waits out Retry-After, then succeeds', async () => {
    const { client, waits } = setup((_a, i) => (i < 2 ? json(429, {}, { 'retry-after': '3' }) : json(200, { data: { ok: 1 } })));
    const exchange = await client.execute(QUERY);
    expect(exchange.outcome.kind).toBe('data');
    expect(waits).toEqual([3_000, 3_000]);
    expect(exchange.attempts).toBe(3);
  });

  test('accepts an HTTP-date Retry-After', async () => {
    // A minute ahead, with a wide window: the date has whole seconds, and a loaded machine may pause.
    const at = new Date(Date.now() + 60_000).toUTCString();
    const { client, waits } = setup((_a, i) => (i === 0 ? json(429, {}, { 'retry-after': at }) : json(200, { data: {} })), { retryBudgetMs: 120_000 });
    await client.execute(QUERY);
    expect(waits[0]).toBeGreaterThanOrEqual(30_000);
    expect(waits[0]).toBeLessThanOrEqual(60_000);
  });

  test('a wait beyond the run budget is not taken: the 429 stands', async () => {
    const { client, waits } = setup(() => json(429, {}, { 'retry-after': '120' }), { retryBudgetMs: 60_000 });
    const exchange = await client.execute(QUERY);
    expect(exchange.outcome).toMatchObject({ kind: 'http-status', status: 429, retryAfterSeconds: 120 });
    expect(waits).toEqual([]);
  });

  test('the budget is shared and attempts are bounded', async () => {
    const { client, waits } = setup(() => json(429, {}, { 'retry-after': '1' }), { retryBudgetMs: 100_000 });
    await client.execute(QUERY);
    expect(waits).toHaveLength(4);
  });
});

test.describe('GraphQL client: concurrency', () => {
  test('one bound on in-flight requests for the whole run', async () => {
    const { client, transport } = setup(
      async () => {
        await new Promise((r) => setTimeout(r, 10));
        return json(200, { data: {} });
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 12 }, () => client.execute(QUERY)));
    expect(transport.maxInFlight).toBeLessThanOrEqual(2);
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ root: string; close: () => void }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}`, close: () => server.close() };
}
