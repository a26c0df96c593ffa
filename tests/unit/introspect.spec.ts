import { test, expect } from '../contract/base-test';
import { buildSchema, graphqlSync, printSchema } from 'graphql';
import { GraphQLClient } from '../../src/pluvo/graphql-client';
import { RunLimits } from '../../src/pluvo/run-limits';
import { TokenClient } from '../../src/pluvo/token-client';
import { introspect, IntrospectionError } from '../../src/schema/introspect';
import { FakeTransport, json, tokenBody } from '../support/fake-transport';

const SCHEMA = buildSchema('type Query { users(archived: Boolean @deprecated(reason: "Use status.")): [String] }');

/** A server that answers introspection from SCHEMA (or an answer of its own), but rejects queries naming `rejected`. */
function client(rejected: RegExp | undefined, status = 200, answer?: (query: string) => unknown) {
  const transport = new FakeTransport((request) => {
    if (request.url.endsWith('/oauth/token/')) return tokenBody('t-123456');
    const { query } = JSON.parse(request.body ?? '{}') as { query: string };
    if (rejected?.test(query)) return json(status, { errors: [{ message: `Cannot query field "${rejected.source}" on type "__Type".` }] });
    return json(200, answer ? answer(query) : graphqlSync({ schema: SCHEMA, source: query }));
  });
  const limits = new RunLimits({ concurrency: 1, retryBudgetMs: 0 });
  const tokens = new TokenClient({ transport, root: 'http://x.test', clientId: 'c', clientSecret: 'secret-1', timeoutMs: 1000, limits });
  return { transport, graphql: new GraphQLClient({ transport, root: 'http://x.test', tokens, defaultScopes: [], timeoutMs: 1000, limits }) };
}

test.describe('introspection', () => {
  test('asks for everything, deprecated arguments included', async () => {
    const { graphql } = client(undefined);
    const result = await introspect(graphql);
    expect(result.droppedOptions).toEqual([]);
    expect(printSchema(result.schema)).toContain('archived: Boolean @deprecated(reason: "Use status.")');
  });

  test('drops exactly the option the server rejects, and tries again', async () => {
    const { graphql, transport } = client(/isOneOf/);
    const result = await introspect(graphql);
    expect(result.droppedOptions).toEqual(['oneOf']);
    expect(printSchema(result.schema)).toContain('@deprecated(reason: "Use status.")');
    expect(transport.requests.filter((r) => r.url.endsWith('/graphql/'))).toHaveLength(2);
  });

  test('a server that answers 400 for an unknown meta-field is handled the same way', async () => {
    const { graphql } = client(/isRepeatable/, 400);
    expect((await introspect(graphql)).droppedOptions).toEqual(['directiveIsRepeatable']);
  });

  test('a server that refuses introspection altogether is a clear error', async () => {
    const { graphql } = client(/__schema/);
    const error = await introspect(graphql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntrospectionError);
    expect((error as Error).message).toMatch(/^introspection failed: GraphQL errors/);
  });

  test("a live schema graphql-js refuses (a type left with no fields) is Pluvo's broken contract, said in a line, never our crash", async () => {
    const { graphql } = client(undefined, 200, (query) => {
      const answer = graphqlSync({ schema: buildSchema('type Query { user: User } type User { id: ID }'), source: query }) as {
        data: { __schema: { types: Array<{ name: string; fields: unknown[] | null }> } };
      };
      answer.data.__schema.types.find((type) => type.name === 'User')!.fields = [];
      return answer;
    });
    const error = await introspect(graphql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntrospectionError);
    expect((error as IntrospectionError).reason).toBe('contract');
    expect((error as Error).message).toBe("Pluvo's live schema is not a valid GraphQL schema: Type User must define one or more fields.");
  });
});
