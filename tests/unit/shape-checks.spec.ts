import { test, expect } from '../contract/base-test';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { loadSnapshot } from '../../src/schema/snapshot';
import { json } from '../support/fake-transport';
import { runOneCheck, SCOPES, graphqlVariables, serving, snapshotWith, USER_EMAIL, userEdge } from '../support/check-harness';

/**
 * The shape checks, one broken promise at a time, with the exact words: our operations against
 * the live schema (shape.valid), and the variables, pages and limits of shape.response.
 * tests/unit/checks.spec.ts has shape.response's main promises.
 */

test.describe('shape.valid: our operation is valid against the live schema', () => {
  test('holds on the snapshot, with nothing to warn of', async () => {
    expect(await runOneCheck('shape.valid.UsersPage', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)))).toMatchObject({ failures: [], warnings: [] });
  });

  test('broken: a field it selects is gone, named where the operation selects it', async () => {
    const withoutEmail = snapshotWith((sdl) => sdl.replace(USER_EMAIL, (field) => field.replace(/\n {2}email: String!$/, '')));
    expect((await runOneCheck('shape.valid.UsersPage', serving(withoutEmail))).failures).toEqual([
      'tests/fixtures/sandbox-org/contracts/UsersPage.graphql:15:9 Cannot query field "email" on type "User". Our integration sends this operation; the live schema no longer accepts it.',
    ]);
  });

  test('a deprecated field it selects warns, with the reason', async () => {
    const deprecated = snapshotWith((sdl) => sdl.replace(USER_EMAIL, '$1 @deprecated(reason: "Use emailAddress.")'));
    const { failures, warnings } = await runOneCheck('shape.valid.UsersPage', serving(deprecated));
    expect(failures).toEqual([]);
    expect(warnings).toEqual(["tests/fixtures/sandbox-org/contracts/UsersPage.graphql:15:9 The field 'User.email' is deprecated. Use emailAddress."]);
  });

  test('broken: the live schema cannot be read', async () => {
    const { failures } = await runOneCheck('shape.valid.UsersPage', {
      graphql: () => json(200, { data: null, errors: [{ message: 'Introspection is disabled.' }] }),
    });
    expect(failures).toEqual([expect.stringMatching(/^The live schema could not be introspected: .*Introspection is disabled/)]);
  });
});

const user = (i: number) => userEdge(i);
const usersPage = (users: unknown[], pageInfo: Record<string, unknown>) => ({
  paginatedUsers: { count: users.length, pageInfo, edges: users },
});

test.describe('shape.response: pages, variables and limits', () => {
  test('skipped, and says why, when PLUVO_SCOPES does not ask for the scope the operation needs', async () => {
    const { skipped, requests } = await runOneCheck('shape.response.UsersPage', {}, { env: { PLUVO_SCOPES: 'trainings.read' } });
    expect(skipped).toBe('UsersPage needs users.read, which PLUVO_SCOPES does not ask for.');
    expect(requests).toEqual([]);
  });

  test('one page when the first says no page follows, or gives no cursor to follow', async () => {
    for (const pageInfo of [
      { hasNextPage: false, endCursor: 'c1' },
      { hasNextPage: true, endCursor: null },
    ]) {
      const { failures, requests } = await runOneCheck('shape.response.UsersPage', { graphql: () => json(200, { data: usersPage([user(1)], pageInfo) }) });
      expect(failures).toEqual([]);
      expect(graphqlVariables(requests)).toEqual([{ first: 50 }]);
    }
  });

  test('a hasNextPage that is not true is no next page (and is a violation of its own)', async () => {
    const { failures, requests } = await runOneCheck('shape.response.UsersPage', {
      graphql: () => json(200, { data: usersPage([user(1)], { hasNextPage: 'true', endCursor: 'c1' }) }),
    });
    expect(failures).toEqual(['/paginatedUsers/pageInfo/hasNextPage: must be boolean (got a string of 4 characters)']);
    expect(graphqlVariables(requests)).toEqual([{ first: 50 }]);
  });

  test('an operation without $after is read once, whatever its pageInfo says', async () => {
    const { requests } = await runOneCheck('shape.response.TrainingsPage', {
      graphql: () => json(200, { data: { paginatedTrainings: { count: 0, pageInfo: { hasNextPage: true, endCursor: 'c1' }, edges: [] } } }),
    });
    expect(graphqlVariables(requests)).toEqual([{ first: 20 }]);
  });

  test('broken: page two does not answer with data, and the message says which page', async () => {
    const { failures } = await runOneCheck('shape.response.UsersPage', {
      graphql: ({ variables }) =>
        variables.after
          ? json(200, { data: null, errors: [{ message: 'Internal server error.' }] })
          : json(200, { data: usersPage([user(1)], { hasNextPage: true, endCursor: 'c1' }) }),
    });
    expect(failures).toEqual(['UsersPage (page 2, after c1) should answer with data; got GraphQL errors (HTTP 200): Internal server error.']);
  });

  test('violations on page one are named without a page; past fifty, the rest are counted', async () => {
    const broken = Array.from({ length: 60 }, (_, i) => ({ ...user(i), node: { ...user(i).node, isActive: 'yes' } }));
    const { failures } = await runOneCheck('shape.response.UsersPage', {
      graphql: () => json(200, { data: usersPage(broken, { hasNextPage: false, endCursor: 'c59' }) }),
    });
    expect(failures).toHaveLength(51);
    expect(failures[0]).toBe('/paginatedUsers/edges/0/node/isActive: must be boolean (got a string of 3 characters)');
    expect(failures.at(-1)).toBe('… and 10 more violations.');
    const exactly = broken.slice(0, 50);
    const atLimit = await runOneCheck('shape.response.UsersPage', {
      graphql: () => json(200, { data: usersPage(exactly, { hasNextPage: false, endCursor: 'c49' }) }),
    });
    expect(atLimit.failures).toHaveLength(50);
    expect(atLimit.failures.at(-1)).toBe('/paginatedUsers/edges/49/node/isActive: must be boolean (got a string of 3 characters)');
  });

  test("a derived variable is taken from the named operation's response, which is run without its own derived variables", async () => {
    const { failures, requests } = await runOneCheck('shape.response.UserByRef', {
      graphql: ({ query, variables }) =>
        query.includes('paginatedUsers')
          ? json(200, {
              data: usersPage([{ ...user(1), node: { ...user(1).node, ref: null as unknown as string } }, user(2)], { hasNextPage: false, endCursor: 'c2' }),
            })
          : json(200, { data: { user: null }, variablesSeen: variables }),
    });
    expect(graphqlVariables(requests)).toEqual([{ first: 50 }, { ref: 'user-2' }]);
    expect(failures).toEqual([]);
  });

  test('broken: the derived variable has no value there, or its operation fails', async () => {
    const noUsers = await runOneCheck('shape.response.UserByRef', {
      graphql: () => json(200, { data: usersPage([], { hasNextPage: false, endCursor: null }) }),
    });
    expect(noUsers.failures).toEqual(['Variable $ref could not be taken from UsersPage at paginatedUsers.edges.*.node.ref: no value there.']);
    const failing = await runOneCheck('shape.response.UserByRef', { graphql: () => json(502, '<html>Bad Gateway</html>') });
    expect(failing.failures).toEqual([
      expect.stringMatching(/^Variable \$ref could not be taken from UsersPage at paginatedUsers\.edges\.\*\.node\.ref: HTTP 502/),
    ]);
    expect(failing.trouble).toBe('unavailable');
  });

  test("the scopes asked for are the operation's own", async () => {
    const { requests } = await runOneCheck('shape.response.UsersPage', {
      graphql: () => json(200, { data: usersPage([user(1)], { hasNextPage: false, endCursor: 'c1' }) }),
    });
    const scopes = requests.filter((r) => r.url.endsWith('/oauth/token/')).map((r) => new URLSearchParams(r.body).get('scope'));
    expect(scopes).toEqual(['users.read']);
    expect(SCOPES).toContain('users.read');
  });
});
