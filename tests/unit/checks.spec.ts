import { test, expect } from '../contract/base-test';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { buildSchema, printSchema } from 'graphql';
import { loadSnapshot } from '../../src/schema/snapshot';
import { json, tokenBody } from '../support/fake-transport';
import { connection, connectionPage, ROOT, runOneCheck, SCOPES, type Answer, serving, userEdge } from '../support/check-harness';

/**
 * The contract checks against a Pluvo made by hand, one promise at a time, in the style of
 * graphql-inspector's rule tests: the answer inline, the exact message asserted. Each promise has
 * a test that breaks it alone (the check fails, saying so) beside one where it holds; behaviour
 * the docs allow passes.
 */
const tokenWith = (fields: Record<string, unknown>) => () =>
  json(200, { access_token: 'tok-abcdefghijkl', token_type: 'Bearer', expires_in: 86_400, scope: SCOPES, ...fields });

test.describe('auth.token-issued: a form-encoded client-credentials request gets a Bearer token for the scopes asked', () => {
  test('holds: a Bearer token for every scope asked', async () => {
    const { failures, warnings, requests } = await runOneCheck('auth.token-issued', { token: tokenWith({}) });
    expect([failures, warnings]).toEqual([[], []]);
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(requests[0]?.body).get('scope')).toBe(SCOPES);
  });

  test('holds: token_type "bearer" in lower case (RFC 6749: case-insensitive)', async () => {
    expect((await runOneCheck('auth.token-issued', { token: tokenWith({ token_type: 'bearer' }) })).failures).toEqual([]);
  });

  test('broken: an empty access_token', async () => {
    expect((await runOneCheck('auth.token-issued', { token: tokenWith({ access_token: '' }) })).failures).toEqual([
      'The token response has no non-empty access_token.',
    ]);
  });

  test('broken: a token_type other than Bearer', async () => {
    expect((await runOneCheck('auth.token-issued', { token: tokenWith({ token_type: 'MAC' }) })).failures).toEqual(['token_type should be Bearer; got "MAC".']);
  });

  test('broken: a granted scope without one that was asked', async () => {
    expect((await runOneCheck('auth.token-issued', { token: tokenWith({ scope: 'users.read trainings.read groups.read' }) })).failures).toEqual([
      'The granted scope "users.read trainings.read groups.read" lacks events.read, which was asked for.',
    ]);
  });

  test('broken: no 200 with a JSON token', async () => {
    expect((await runOneCheck('auth.token-issued', { token: () => json(401, { error: 'invalid_client' }) })).failures).toEqual([
      'A form-encoded client_credentials request should get 200 with a JSON token; got HTTP 401 (invalid_client).',
    ]);
  });
});

test.describe('auth.wrong-secret-rejected: a wrong client secret gets 401 (or 400 invalid_client) and no token', () => {
  test('holds: 401', async () => {
    expect((await runOneCheck('auth.wrong-secret-rejected', {})).failures).toEqual([]);
  });

  test('holds: 400 invalid_client, which the docs allow', async () => {
    expect((await runOneCheck('auth.wrong-secret-rejected', { token: () => json(400, { error: 'invalid_client' }) })).failures).toEqual([]);
  });

  test('broken: a refusal that still carries a token', async () => {
    expect(
      (await runOneCheck('auth.wrong-secret-rejected', { token: () => json(401, { error: 'invalid_client', access_token: 'leaked-token-123456' }) })).failures,
    ).toEqual(['A token was issued for a wrong client secret.']);
  });

  test('broken: 200 with a token', async () => {
    expect((await runOneCheck('auth.wrong-secret-rejected', { token: () => tokenBody('issued-anyway-123456') })).failures).toEqual([
      'A wrong client secret should be refused with 401 invalid_client; got HTTP 200.',
      'A token was issued for a wrong client secret.',
    ]);
  });
});

test.describe('auth.unsupported-grant-rejected: a grant other than client_credentials gets 400', () => {
  test('holds: 400 unsupported_grant_type', async () => {
    const { failures, infos, requests } = await runOneCheck('auth.unsupported-grant-rejected', {});
    expect([failures, infos]).toEqual([[], []]);
    expect(new URLSearchParams(requests[0]?.body).get('grant_type')).toBe('password');
  });

  test('holds: 400 with another OAuth 2 code, told as information', async () => {
    const { failures, infos } = await runOneCheck('auth.unsupported-grant-rejected', { token: () => json(400, { error: 'unauthorized_client' }) });
    expect(failures).toEqual([]);
    expect(infos).toEqual(['The 400 names unauthorized_client, not unsupported_grant_type.']);
  });

  test('broken: a refusal that still carries a token', async () => {
    expect(
      (
        await runOneCheck('auth.unsupported-grant-rejected', {
          token: () => json(400, { error: 'unsupported_grant_type', access_token: 'leaked-token-123456' }),
        })
      ).failures,
    ).toEqual(['A token was issued for an unsupported grant.']);
  });

  test('broken: a 400 that names no OAuth 2 error code', async () => {
    expect((await runOneCheck('auth.unsupported-grant-rejected', { token: () => json(400, { error: 'nope' }) })).failures).toEqual([
      'The 400 should name an OAuth 2 error code (RFC 6749 section 5.2, unsupported_grant_type here); it names "nope".',
    ]);
  });

  test('broken: the grant is served', async () => {
    expect((await runOneCheck('auth.unsupported-grant-rejected', { token: () => tokenBody('issued-anyway-123456') })).failures).toEqual([
      'grant_type=password should be refused with 400 unsupported_grant_type; got HTTP 200.',
      'A token was issued for an unsupported grant.',
    ]);
  });
});

test.describe('transport.graphql-slash-redirect: POST /graphql without the slash is redirected (301) to /graphql/ on the same host', () => {
  const redirect = (status: number, location?: string) => ({ other: (): Answer => ({ status, headers: location ? { location } : {} }) });

  test('holds: 301 to /graphql/, and no credentials are sent to the slashless URL', async () => {
    const { failures, requests } = await runOneCheck('transport.graphql-slash-redirect', redirect(301, '/graphql/'));
    expect(failures).toEqual([]);
    expect(requests.map((r) => [r.method, r.url, r.headers.authorization ?? null])).toEqual([['POST', `${ROOT}/graphql`, null]]);
  });

  test('holds: 308, told as information', async () => {
    const { failures, infos } = await runOneCheck('transport.graphql-slash-redirect', redirect(308, `${ROOT}/graphql/`));
    expect([failures, infos]).toEqual([[], ['Answered 308 (method-preserving) rather than 301.']]);
  });

  test('broken: the redirect leaves the host', async () => {
    expect((await runOneCheck('transport.graphql-slash-redirect', redirect(301, 'https://elsewhere.example/graphql/'))).failures).toEqual([
      `The redirect should point to ${ROOT}/graphql/ on the same host; Location is https://elsewhere.example/graphql/.`,
    ]);
  });

  test('broken: no redirect at all', async () => {
    expect((await runOneCheck('transport.graphql-slash-redirect', redirect(200))).failures).toEqual([
      'The docs require the trailing slash and redirect without it; POST /graphql got HTTP 200 instead of 301 (https://www.pluvo.com/en/developers/getting-started-2).',
    ]);
  });
});

test.describe('transport.first-request: the documented first request returns at most 3 users and an integer count', () => {
  const users = (edges: number, count: unknown) => ({
    graphql: () =>
      json(200, {
        data: { paginatedUsers: { count, edges: Array.from({ length: edges }, (_, i) => ({ node: { id: `u${i}`, name: 'A', email: 'a@example.com' } })) } },
      }),
  });

  test('holds: 3 users and count 137', async () => {
    expect((await runOneCheck('transport.first-request', users(3, 137))).failures).toEqual([]);
  });

  test('broken: more than 3 users', async () => {
    expect((await runOneCheck('transport.first-request', users(4, 137))).failures).toEqual(['first: 3 should give at most 3 edges; got 4.']);
  });

  test('broken: a count that is no integer', async () => {
    expect((await runOneCheck('transport.first-request', users(3, 137.5))).failures).toEqual(['count should be an integer; got 137.5.']);
  });
});

/** A connection of `count` nodes that answers every page request as Pluvo would, then lets a test change one page. */
test.describe('paging.page-size: first: 50 gives at most 50 edges and a pageInfo', () => {
  test('holds: 50 edges and a boolean hasNextPage', async () => {
    expect((await runOneCheck('paging.page-size.paginatedUsers', connection('paginatedUsers', 137))).failures).toEqual([]);
  });

  test('broken: 51 edges', async () => {
    const { failures } = await runOneCheck(
      'paging.page-size.paginatedUsers',
      connection('paginatedUsers', 137, () => connectionPage(137, 0, 51)),
    );
    expect(failures).toEqual(['first: 50 gave 51 edges; the documented maximum is 50 (https://www.pluvo.com/nl/developers/pagination).']);
  });

  test('broken: hasNextPage that is not a boolean', async () => {
    const { failures } = await runOneCheck(
      'paging.page-size.paginatedUsers',
      connection('paginatedUsers', 137, () => connectionPage(137, 0, 50, { hasNextPage: 'true' })),
    );
    expect(failures).toEqual(['pageInfo.hasNextPage should be a boolean; got "true".']);
  });
});

test.describe('paging.over-limit: first: 51 gets an error or exactly 50 edges, as pinned', () => {
  const overLimitError = {
    graphql: () =>
      json(200, {
        data: { paginatedUsers: null },
        errors: [{ message: 'Requesting 51 records on the `paginatedUsers` connection exceeds the `first` limit of 50 records.' }],
      }),
  };

  test('holds: an error, as pinned', async () => {
    expect((await runOneCheck('paging.over-limit.paginatedUsers', overLimitError)).failures).toEqual([]);
  });

  test('holds: a clamp to 50, where a clamp is pinned', async () => {
    const clamp = connection('paginatedUsers', 137, () => connectionPage(137, 0, 50));
    expect((await runOneCheck('paging.over-limit.paginatedUsers', clamp, { pinned: { 'over-limit:paginatedUsers': 'clamp' } })).failures).toEqual([]);
  });

  test('broken: a clamp where an error is pinned', async () => {
    const clamp = connection('paginatedUsers', 137, () => connectionPage(137, 0, 50));
    expect((await runOneCheck('paging.over-limit.paginatedUsers', clamp)).failures).toEqual([
      'first: 51 used to give an error (pinned in tests/fixtures/sandbox-org/schemas/baseline.json) and now gives a silent cap of 50. The docs leave this open, so clients may depend on either; `npm run baseline` accepts the new behaviour.',
    ]);
  });

  test('broken: 51 edges', async () => {
    const honoured = connection('paginatedUsers', 137, () => connectionPage(137, 0, 51));
    expect((await runOneCheck('paging.over-limit.paginatedUsers', honoured)).failures).toEqual([
      'first: 51 should be refused with an error or cut to 50 edges (the cap is 50, https://www.pluvo.com/nl/developers/pagination); got 51 edges.',
    ]);
  });

  test('holds: a list shorter than a page comes whole; broken: it comes empty', async () => {
    const whole = connection('paginatedGroups', 23, () => connectionPage(23, 0, 23));
    expect((await runOneCheck('paging.over-limit.paginatedGroups', whole)).failures).toEqual([]);
    const empty = connection('paginatedGroups', 23, () => connectionPage(23, 0, 0));
    expect((await runOneCheck('paging.over-limit.paginatedGroups', empty)).failures).toEqual([
      'first: 51 on a list of 23 nodes should give all 23 (or an error); got 0 edges.',
    ]);
  });
});

test.describe('paging.cursor-walk: cursor pages visit every node once, chain by endCursor and end where count says', () => {
  test('holds: two pages of a 60-node list', async () => {
    const { failures, requests } = await runOneCheck('paging.cursor-walk.paginatedTrainings', connection('paginatedTrainings', 60));
    expect(failures).toEqual([]);
    expect(requests.filter((r) => r.url.endsWith('/graphql/')).map((r) => JSON.parse(r.body ?? '{}').variables)).toEqual([
      { first: 50 },
      { first: 50, after: 'c50' },
    ]);
  });

  test('broken: a page larger than 50', async () => {
    // 61 nodes in two pages of 51 and 10: every node once, count right, only the size is wrong.
    const overfull = connection('paginatedTrainings', 61, (page, variables) => (variables.after ? connectionPage(61, 51, 61) : connectionPage(61, 0, 51)));
    expect((await runOneCheck('paging.cursor-walk.paginatedTrainings', overfull)).failures).toEqual(['A page held 51 edges; the maximum is 50.']);
  });

  test('broken: the last page does not say hasNextPage: false', async () => {
    const unclear = connection('paginatedTrainings', 60, (page) =>
      page.pageInfo.hasNextPage ? page : { ...page, pageInfo: { ...page.pageInfo, hasNextPage: null } },
    );
    expect((await runOneCheck('paging.cursor-walk.paginatedTrainings', unclear)).failures).toEqual(['The last page should say hasNextPage: false; got null.']);
  });

  test('broken: count that is not what the walk finds', async () => {
    const miscounted = connection('paginatedTrainings', 60, (page) => ({ ...page, count: 61 }));
    expect((await runOneCheck('paging.cursor-walk.paginatedTrainings', miscounted)).failures).toEqual([
      'count says 61 but the walk found 60 edges in 2 pages.',
    ]);
    // Counted as English counts: one page, one edge.
    const one = connection('paginatedTrainings', 1, (page) => ({ ...page, count: 2 }));
    expect((await runOneCheck('paging.cursor-walk.paginatedTrainings', one)).failures).toEqual(['count says 2 but the walk found 1 edge in 1 page.']);
  });

  test('broken: a node on two pages, still there when looked at again', async () => {
    const repeating = connection('paginatedTrainings', 60, (page, variables) => (variables.after ? connectionPage(60, 49, 60) : page));
    expect((await runOneCheck('paging.cursor-walk.paginatedTrainings', repeating)).failures).toEqual([
      '1 node came back more than once across pages (e.g. n50), first on page 2; a sync would process them twice.',
      'count says 60 but the walk found 61 edges in 2 pages.',
    ]);
  });
});

test.describe('paging.offset: offset paging agrees with the cursor walk and ends where count says', () => {
  const offsetCheck = 'paging.offset.paginatedTrainings';

  test('holds: sampled windows and the end of a 137-node list, drawn again by the seed', async () => {
    const { failures, infos } = await runOneCheck(offsetCheck, connection('paginatedTrainings', 137));
    expect(failures).toEqual([]);
    expect(infos).toEqual([expect.stringMatching(/^Sampled windows at offset \d+(, \d+)* of 137 nodes; PLUVO_PAGING_SEED=1 draws them again\.$/)]);
  });

  test('broken: a count that is no whole number, so no offset can be planned', async () => {
    expect(
      (
        await runOneCheck(
          offsetCheck,
          connection('paginatedTrainings', 137, (page) => ({ ...page, count: 137.5 })),
        )
      ).failures,
    ).toEqual(['count should be a whole number, the total of the list; got 137.5. Offsets cannot be planned without it.']);
  });

  test('broken: the last node says a page follows', async () => {
    const endless = connection('paginatedTrainings', 137, (page, variables) =>
      variables.offset === 136 ? connectionPage(137, 136, 137, { hasNextPage: true }) : page,
    );
    expect((await runOneCheck(offsetCheck, endless)).failures).toEqual(['offset 136 (the last node) says hasNextPage: true; it should be false.']);
  });

  test('broken: nodes past the end', async () => {
    const beyond = connection('paginatedTrainings', 137, (page, variables) => (variables.offset === 137 ? connectionPage(137, 137, 138) : page));
    expect((await runOneCheck(offsetCheck, beyond)).failures).toEqual(['offset 137 (count) gave 1 node; nothing should be past the end.']);
  });

  test('broken: offset ignored, still there when looked at again', async () => {
    const ignored = connection('paginatedTrainings', 137, (page, variables) =>
      typeof variables.offset === 'number' ? connectionPage(137, 0, Math.min(137, typeof variables.first === 'number' ? variables.first : 50)) : page,
    );
    const { failures } = await runOneCheck(offsetCheck, ignored);
    expect(failures).toContain('offset 136 (count - 1) gave 50 nodes; count 137 says the last node is there alone.');
    expect(failures).toContain('offset 137 (count) gave 50 nodes; nothing should be past the end.');
  });

  test('full walks (PLUVO_WALK=full): holds when offsets and cursors agree; broken when they differ', async () => {
    const full = { env: { PLUVO_WALK: 'full' } };
    expect((await runOneCheck(offsetCheck, connection('paginatedTrainings', 120), full)).failures).toEqual([]);
    const shifted = connection('paginatedTrainings', 120, (page, variables) => (variables.offset === 50 ? connectionPage(120, 51, 101) : page));
    expect((await runOneCheck(offsetCheck, shifted, full)).failures).toEqual(['Offset paging and the cursor walk differ at position 50: n52 instead of n51.']);
  });
});

test.describe("shape.response: an operation's response matches its stored JSON Schema, page two included", () => {
  const user = userEdge;
  const usersPage = (users: ReturnType<typeof user>[], hasNextPage: boolean) => ({
    paginatedUsers: { count: 3, pageInfo: { hasNextPage, endCursor: users.at(-1)?.cursor ?? null }, edges: users },
  });
  const twoPages = (second: ReturnType<typeof user>[]) => ({
    graphql: ({ variables }: { variables: Record<string, unknown> }) =>
      json(200, { data: variables.after ? usersPage(second, false) : usersPage([user(1), user(2)], true) }),
  });

  test('holds: both pages match, and the second is asked for by endCursor', async () => {
    const { failures, requests } = await runOneCheck('shape.response.UsersPage', twoPages([user(3)]));
    expect(failures).toEqual([]);
    expect(requests.filter((r) => r.url.endsWith('/graphql/')).map((r) => JSON.parse(r.body ?? '{}').variables)).toEqual([
      { first: 50 },
      { first: 50, after: 'c2' },
    ]);
  });

  test('broken: a record on page two that is not what the schema says, named by path and never by value', async () => {
    const { failures } = await runOneCheck('shape.response.UsersPage', twoPages([user(3, 'not-an-address')]));
    expect(failures).toEqual(['page 2: /paginatedUsers/edges/0/node/email: must match format "email" (got a string of 14 characters)']);
  });

  test('broken: no data', async () => {
    const { failures } = await runOneCheck('shape.response.UsersPage', {
      graphql: () => json(200, { data: null, errors: [{ message: 'Internal server error.' }] }),
    });
    expect(failures).toEqual(['UsersPage should answer with data; got GraphQL errors (HTTP 200): Internal server error.']);
  });
});

test.describe('auth: token lifetime, no refresh token', () => {
  test('auth.token-lifetime holds at 86400; broken at 3600', async () => {
    expect((await runOneCheck('auth.token-lifetime', { token: tokenWith({}) })).failures).toEqual([]);
    expect((await runOneCheck('auth.token-lifetime', { token: tokenWith({ expires_in: 3600 }) })).failures).toEqual([
      'expires_in should be 86400 (24 h, https://www.pluvo.com/nl/developers/introduction-2); got 3600. Token renewal timing depends on it.',
    ]);
  });

  test('auth.no-refresh-token holds without one; broken with one', async () => {
    expect((await runOneCheck('auth.no-refresh-token', { token: tokenWith({}) })).failures).toEqual([]);
    expect((await runOneCheck('auth.no-refresh-token', { token: tokenWith({ refresh_token: 'refresh-abcdefgh' }) })).failures).toEqual([
      'The docs say there is no refresh flow, but the token response carries a refresh_token (https://www.pluvo.com/nl/developers/introduction-2).',
    ]);
  });
});

test.describe('auth: GraphQL without a valid token gets 401', () => {
  const unauthorized = (status: number, code?: string) => ({
    graphql: () => json(status, { errors: [{ message: 'Authentication credentials were not provided.', ...(code ? { extensions: { code } } : {}) }] }),
  });

  test('auth.missing-token-401 holds: 401 with an Auth-coded error, and no Authorization header was sent', async () => {
    const { failures, warnings, requests } = await runOneCheck('auth.missing-token-401', unauthorized(401, 'NotAuthenticated'));
    expect([failures, warnings]).toEqual([[], []]);
    expect(requests.map((r) => r.headers.authorization ?? null)).toEqual([null]);
  });

  test('auth.missing-token-401: a 401 without the Auth code warns (older clients look for it)', async () => {
    const { failures, warnings } = await runOneCheck('auth.missing-token-401', unauthorized(401));
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'The 401 body has no error whose extensions.code contains "Auth" (got null); clients written to the older docs look for it (https://pluvo.notion.site/Request-data-152a44d90b6c4710ac3867069a94ab08).',
    ]);
  });

  test('auth.invalid-token-401 broken: an unknown token gets 200 with an error', async () => {
    const { failures, requests } = await runOneCheck('auth.invalid-token-401', unauthorized(200, 'NotAuthenticated'));
    expect(failures).toEqual(['An invalid token should get 401; got GraphQL errors (HTTP 200): Authentication credentials were not provided.']);
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer pluvo-contract-monitor-not-a-token']);
  });

  test('auth.expired-token-401 is skipped against a live target, and says why', async () => {
    const { skipped, requests } = await runOneCheck('auth.expired-token-401', {});
    expect(skipped).toMatch(/^Only against the sandbox: a Pluvo token lives 24 h/);
    expect(requests).toEqual([]);
  });
});

test.describe('auth.scope-enforced: a token with only users.read is refused trainings (403, or as pinned) and served users', () => {
  const refusing = (refusal: Answer) => ({
    graphql: ({ query }: { query: string }) => (query.includes('paginatedTrainings') ? refusal : json(200, { data: { paginatedUsers: { count: 137 } } })),
  });
  const forbidden = json(403, { errors: [{ message: 'You do not have permission to perform this action.' }] });
  const inA200 = json(200, { data: { paginatedTrainings: null }, errors: [{ message: 'You do not have permission to perform this action.' }] });

  test('holds: 403, as pinned, and only users.read was asked for', async () => {
    const { failures, requests } = await runOneCheck('auth.scope-enforced', refusing(forbidden));
    expect(failures).toEqual([]);
    expect(new URLSearchParams(requests.find((r) => r.url.endsWith('/oauth/token/'))?.body).get('scope')).toBe('users.read');
  });

  test('holds: a GraphQL error in a 200 where that is pinned; broken where 403 is', async () => {
    expect((await runOneCheck('auth.scope-enforced', refusing(inA200), { pinned: { 'scope-refusal': 'graphql-error' } })).failures).toEqual([]);
    expect((await runOneCheck('auth.scope-enforced', refusing(inA200))).failures).toEqual([
      'A missing scope used to give HTTP 403 (pinned in tests/fixtures/sandbox-org/schemas/baseline.json) and now gives a GraphQL error in a 200. The docs leave this open, so clients may depend on either; `npm run baseline` accepts the new behaviour.',
    ]);
  });

  test('broken: trainings served to a users.read token', async () => {
    expect((await runOneCheck('auth.scope-enforced', refusing(json(200, { data: { paginatedTrainings: { count: 64 } } })))).failures).toEqual([
      'paginatedTrainings needs trainings.read, so a users.read token should be refused (403); got HTTP 200 with data.',
    ]);
  });
});

test.describe('schema.drift: the live schema has no breaking change for our operations since the snapshot', () => {
  test('holds: the live schema is the snapshot', async () => {
    const { failures, warnings, summary, attachments } = await runOneCheck('schema.drift', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)));
    expect([failures, warnings]).toEqual([[], []]);
    expect(summary).toBe('schema drift: 0 items, 0 failing, 0 warnings, 0 info. Accept intended changes with `npm run schema:pull` and commit.');
    expect(attachments['schema-drift.json']).toBe('[]');
  });

  test('broken: a field our operations select is gone, and the report names them', async () => {
    // User's own email, not another type's.
    const withoutEmail = buildSchema(printSchema(loadSnapshot(SANDBOX_ORG.snapshotPath)).replace(/(\ntype User [^}]*?)\n {2}email: String!/, '$1'));
    const { failures, attachments } = await runOneCheck('schema.drift', serving(withoutEmail));
    expect(failures).toEqual([expect.stringMatching(/^Field 'email' was removed from object type 'User' \[breaking, used by [A-Za-z, ]*UsersPage/)]);
    expect(attachments['schema-drift.md']).toContain("Field 'email' was removed from object type 'User'");
  });
});
