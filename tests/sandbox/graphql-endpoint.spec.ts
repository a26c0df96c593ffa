import { test, expect } from '../contract/base-test';
import { getIntrospectionQuery, graphql } from 'graphql';
import type { FaultName } from '../../sandbox/faults';
import { buildSandboxSchema } from '../../sandbox/graphql/build-schema';
import { SandboxHttp } from '../support/sandbox-http';

const FIRST = '{ paginatedUsers(first: 3) { edges { node { id name email } } count } }';

test.describe('sandbox: POST /graphql/', () => {
  let sandbox: SandboxHttp;
  test.beforeAll(async () => (sandbox = await SandboxHttp.start()));
  test.afterAll(async () => sandbox.close());

  test('answers the documented first request', async () => {
    const data = await sandbox.data(FIRST);
    expect(data.paginatedUsers.count).toBe(137);
    expect(data.paginatedUsers.edges).toHaveLength(3);
    expect(data.paginatedUsers.edges[0].node.email).toMatch(/@example\.com$/);
  });

  test('401 with an Auth-coded GraphQL error for a missing or unknown token', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const reply = await sandbox.graphql(FIRST, token);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toContain('Bearer');
      expect(reply.json.errors[0].extensions.code).toContain('Auth');
    }
  });

  test('403 when the token lacks the scope a root field needs, naming it', async () => {
    const token = await sandbox.token('users.read');
    const reply = await sandbox.graphql('{ paginatedUsers(first: 1) { count } paginatedTrainings(first: 1) { count } }', token);
    expect(reply.status).toBe(403);
    expect(reply.json.errors).toHaveLength(1);
    expect(reply.json.errors[0].message).toContain('paginatedTrainings needs the scope trainings.read');
    expect((await sandbox.graphql('{ paginatedUsers(first: 1) { count } }', token)).status).toBe(200);
  });

  test('scopes are checked through fragments too', async () => {
    const token = await sandbox.token('users.read');
    const reply = await sandbox.graphql('query { ...T } fragment T on Query { paginatedGroups { count } }', token);
    expect(reply.status).toBe(403);
  });

  test('415 without application/json, 400 on malformed JSON or a missing query', async () => {
    const token = await sandbox.token();
    const auth = { authorization: `Bearer ${token}` };
    expect((await sandbox.post('/graphql/', JSON.stringify({ query: FIRST }), { ...auth, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(
      415,
    );
    const malformed = await sandbox.post('/graphql/', '{"query": ', { ...auth, 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].message).toContain('Malformed JSON');
    expect((await sandbox.post('/graphql/', '{"variables":{}}', { ...auth, 'content-type': 'application/json' })).status).toBe(400);
  });

  test('invalid documents get standard GraphQL errors with locations', async () => {
    const reply = await sandbox.graphql('{ paginatedUsers { nope } }', await sandbox.token());
    expect(reply.status).toBe(400);
    expect(reply.json.errors[0]).toMatchObject({ message: 'Cannot query field "nope" on type "UserConnection".', locations: [{ line: 1, column: 20 }] });
    expect((await sandbox.graphql('{ paginatedUsers(', await sandbox.token())).json.errors[0].message).toContain('Syntax Error');
  });

  test('without the trailing slash: 301 to /graphql/ and nothing executed', async () => {
    const reply = await sandbox.post('/graphql', JSON.stringify({ query: FIRST }), {
      'content-type': 'application/json',
      authorization: `Bearer ${await sandbox.token()}`,
    });
    expect(reply.status).toBe(301);
    expect(reply.headers.get('location')).toBe('/graphql/');
    expect(reply.text).toBe('');
  });

  test('introspection is on, with deprecations of fields, arguments and input fields and their replacements', async () => {
    const data = await sandbox.data(getIntrospectionQuery({ inputValueDeprecation: true }));
    const types = data.__schema.types as Array<{ name: string; fields: any[] | null; inputFields: any[] | null }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const field = (type: string, name: string) => types.find((t) => t.name === type)?.fields?.find((f) => f.name === name);
    expect(field('Query', 'trainings')).toMatchObject({ isDeprecated: true, deprecationReason: 'Use paginatedTrainings.' });
    expect(field('OfferEvent', 'maxParticipants')).toMatchObject({ isDeprecated: true, deprecationReason: 'Use maxSubscriptions.' });
    const category = field('Mutation', 'createExtraCategory').args.find((a: { name: string }) => a.name === 'category');
    expect(category).toMatchObject({ isDeprecated: true, deprecationReason: 'Use extraCategoryInput.' });
    const title = types.find((t) => t.name === 'CreateExtraCategoryInput')?.inputFields?.find((f) => f.name === 'title');
    expect(title).toMatchObject({ isDeprecated: true, deprecationReason: 'Use name.' });
  });

  test('an answer about the schema alone is what graphql-js answers, for each SDL, each query and its variables', async () => {
    // The sandbox keeps these answers once for each SDL (sandbox/graphql/introspection-answers.ts):
    // each must stay graphql-js's own answer for that sandbox's schema, however often it is asked.
    const queries: Array<[string, Record<string, unknown> | undefined]> = [
      [getIntrospectionQuery({ inputValueDeprecation: true }), undefined],
      ['query T($name: String!) { __type(name: $name) { name fields { name type { name kind } } } }', { name: 'User' }],
      ['query T($name: String!) { __type(name: $name) { name fields { name type { name kind } } } }', { name: 'Certificate' }],
      ['query T($name: String!) { __type(name: $name) { name } }', {}],
      ['{ __typename }', undefined],
    ];
    const fieldRemoved = await SandboxHttp.start({ faults: new Set(['field-removed']) });
    try {
      for (const [server, faults] of [
        [sandbox, new Set<FaultName>()],
        [fieldRemoved, new Set<FaultName>(['field-removed'])],
        [sandbox, new Set<FaultName>()],
      ] as const) {
        const token = await server.token();
        for (const [query, variables] of queries) {
          const reply = await server.graphql(query, token, variables);
          const oracle = await graphql({ schema: buildSandboxSchema(faults), source: query, variableValues: variables });
          expect(reply.json).toEqual(JSON.parse(JSON.stringify(oracle)));
          expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
        }
      }
      const emailOf = async (server: SandboxHttp) =>
        (await server.data('{ __type(name: "User") { fields { name } } }')).__type.fields.some((f: { name: string }) => f.name === 'email');
      expect([await emailOf(sandbox), await emailOf(fieldRemoved)]).toEqual([true, false]);
    } finally {
      await fieldRemoved.close();
    }
  });

  test('schema fields without sandbox data say so plainly', async () => {
    const token = await sandbox.token('groups.write');
    const reply = await sandbox.graphql('mutation { createGroup(group: { name: "x" }) { group { id } } }', token);
    expect(reply.status).toBe(200);
    expect(reply.json.errors[0]).toMatchObject({ message: 'createGroup is not implemented in the sandbox.', extensions: { code: 'NOT_IMPLEMENTED' } });
  });
});

test.describe('sandbox: rate limit and latency', () => {
  test('a client over its rate gets 429 with Retry-After', async () => {
    const sandbox = await SandboxHttp.start({ rateLimit: 1, rateBurst: 2 });
    try {
      const token = await sandbox.token();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await sandbox.graphql('{ paginatedUsers(first: 1) { count } }', token));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(Number(statuses[2]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await sandbox.close();
    }
  });

  test('the default leaves a suite unthrottled', async () => {
    const sandbox = await SandboxHttp.start();
    try {
      const token = await sandbox.token();
      const replies = await Promise.all(Array.from({ length: 60 }, () => sandbox.graphql('{ paginatedUsers(first: 1) { count } }', token)));
      expect(replies.every((r) => r.status === 200)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });

  test('--latency-ms delays every response by at least that much', async () => {
    const sandbox = await SandboxHttp.start({ latencyMs: 300 });
    try {
      const started = performance.now();
      await sandbox.tokenRequest({});
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await sandbox.close();
    }
  });
});
