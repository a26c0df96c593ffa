import { test, expect } from '../contract/base-test';
import { SANDBOX_EXPIRING_CLIENT } from '../../src/embedded/embedded-sandbox';
import { TransportError } from '../../src/http/transport';
import { json } from '../support/fake-transport';
import { ROOT, runOneCheck, SCOPES, type Answer } from '../support/check-harness';

/**
 * The auth and transport checks' other paths, one broken promise at a time, with the exact words:
 * no answer, the scope echo, other refusals, the expired token on a sandbox, the redirect's
 * variants. tests/unit/checks.spec.ts has each check's main promises.
 */

const token =
  (extra: Record<string, unknown> = {}) =>
  () =>
    json(200, { access_token: 'token-abcdefghijkl', token_type: 'Bearer', expires_in: 86_400, scope: SCOPES, ...extra });
const unreachable = () => {
  throw new TransportError('POST https://acme.pluvo.com/oauth/token/ failed: ECONNREFUSED', false);
};

test.describe('the token checks', () => {
  test('no answer from the token endpoint: one line that says so, and the API counts as unavailable', async () => {
    for (const id of ['auth.token-issued', 'auth.wrong-secret-rejected', 'auth.unsupported-grant-rejected']) {
      const { failures, trouble } = await runOneCheck(id, { token: unreachable });
      expect(failures, id).toEqual(['The token endpoint gave no answer: POST https://acme.pluvo.com/oauth/token/ failed: ECONNREFUSED']);
      expect(trouble, id).toBe('unavailable');
    }
  });

  test('auth.token-issued: a token without the scope echo warns; one lacking a scope asked for fails', async () => {
    const { scope: _scope, ...withoutScope } = { scope: undefined };
    const noEcho = await runOneCheck('auth.token-issued', {
      token: () => json(200, { access_token: 'token-abcdefghijkl', token_type: 'Bearer', expires_in: 86_400, ...withoutScope }),
    });
    expect([noEcho.failures, noEcho.warnings]).toEqual([[], ['The token response does not echo the granted scope (the docs show it does).']]);
    const narrow = await runOneCheck('auth.token-issued', { token: token({ scope: 'users.read trainings.read' }) });
    expect(narrow.failures).toEqual([`The granted scope "users.read trainings.read" lacks groups.read events.read, which was asked for.`]);
    expect(narrow.warnings).toEqual([]);
  });

  test("auth.token-issued: the request asks for the run's scopes, with its own credentials, form-encoded", async () => {
    const { requests } = await runOneCheck('auth.token-issued', { token: token() });
    expect(requests).toHaveLength(1);
    const form = new URLSearchParams(requests[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client',
      client_secret: 'client-secret-for-unit-tests',
      scope: SCOPES,
    });
    expect(requests[0]!.url).toBe(`${ROOT}/oauth/token/`);
  });

  test('a refusal says its status and OAuth error; a 200 that is not JSON is no token', async () => {
    const refused = await runOneCheck('auth.token-lifetime', { token: () => json(401, { error: 'invalid_client' }) });
    expect(refused.failures).toEqual(['A form-encoded client_credentials request should get 200 with a JSON token; got HTTP 401 (invalid_client).']);
    const notJson = await runOneCheck('auth.no-refresh-token', { token: () => ({ status: 200, body: '<html>login</html>', headers: {} }) });
    expect(notJson.failures).toEqual(['A form-encoded client_credentials request should get 200 with a JSON token; got HTTP 200.']);
    const listed = await runOneCheck('auth.token-issued', { token: () => json(200, ['token']) });
    expect(listed.failures).toEqual(['A form-encoded client_credentials request should get 200 with a JSON token; got HTTP 200.']);
  });

  test("auth.wrong-secret-rejected: sends the run's client id with another secret; 400 with another code is broken", async () => {
    const { requests, failures } = await runOneCheck('auth.wrong-secret-rejected', { token: () => json(400, { error: 'invalid_request' }) });
    expect(failures).toEqual(['A wrong client secret should be refused with 401 invalid_client; got HTTP 400 (invalid_request).']);
    const form = new URLSearchParams(requests[0]!.body);
    expect([form.get('client_id'), form.get('client_secret'), form.get('scope')]).toEqual(['client', 'definitely-not-the-client-secret', SCOPES]);
    expect((await runOneCheck('auth.wrong-secret-rejected', { token: () => json(403, {}) })).failures).toEqual([
      'A wrong client secret should be refused with 401 invalid_client; got HTTP 403.',
    ]);
  });

  test('auth.unsupported-grant-rejected: asks with grant_type=password; 401 is broken; a 400 with no JSON names no code', async () => {
    const { requests, failures } = await runOneCheck('auth.unsupported-grant-rejected', { token: () => json(401, { error: 'invalid_client' }) });
    expect(failures).toEqual(['grant_type=password should be refused with 400 unsupported_grant_type; got HTTP 401 (invalid_client).']);
    expect(new URLSearchParams(requests[0]!.body).get('grant_type')).toBe('password');
    expect(new URLSearchParams(requests[0]!.body).get('scope')).toBe(SCOPES);
    const bare = await runOneCheck('auth.unsupported-grant-rejected', { token: () => ({ status: 400, body: 'Bad Request', headers: {} }) });
    expect(bare.failures).toEqual(['The 400 should name an OAuth 2 error code (RFC 6749 section 5.2, unsupported_grant_type here); it names null.']);
    const other = await runOneCheck('auth.unsupported-grant-rejected', { token: () => json(400, { error: 'unauthorized_client' }) });
    expect([other.failures, other.infos]).toEqual([[], ['The 400 names unauthorized_client, not unsupported_grant_type.']]);
    const exact = await runOneCheck('auth.unsupported-grant-rejected', { token: () => json(400, { error: 'unsupported_grant_type' }) });
    expect([exact.failures, exact.infos]).toEqual([[], []]);
  });
});

test.describe('auth.expired-token-401 on a sandbox: the short-lived client, waited out', () => {
  const onSandbox = { env: { PLUVO_BASE_URL: '', PLUVO_SANDBOX_URL: ROOT } };
  const expiring = (graphql: Answer) => ({
    token: (form: URLSearchParams) =>
      form.get('client_id') === SANDBOX_EXPIRING_CLIENT.clientId
        ? json(200, { access_token: 'short-lived-token-abcdef', token_type: 'Bearer', expires_in: 1, scope: 'users.read' })
        : json(401, { error: 'invalid_client' }),
    graphql: () => graphql,
  });

  test('holds: 401 for the token once its lifetime is over; asked for with the short-lived client and users.read', async () => {
    const { failures, requests } = await runOneCheck('auth.expired-token-401', expiring(json(401, { errors: [{ message: 'expired' }] })), onSandbox);
    expect(failures).toEqual([]);
    const form = new URLSearchParams(requests[0]!.body);
    expect([form.get('client_id'), form.get('client_secret'), form.get('scope')]).toEqual([
      SANDBOX_EXPIRING_CLIENT.clientId,
      SANDBOX_EXPIRING_CLIENT.clientSecret,
      'users.read',
    ]);
    expect(requests[1]!.headers.authorization).toBe('Bearer short-lived-token-abcdef');
  });

  test('broken: the expired token still works', async () => {
    const { failures } = await runOneCheck('auth.expired-token-401', expiring(json(200, { data: { paginatedUsers: { count: 1, edges: [] } } })), onSandbox);
    expect(failures).toEqual(['A token 1 s past its expires_in should get 401; got HTTP 200 with data.']);
  });

  test('broken: the short-lived client gets no token, or no answer', async () => {
    const refused = await runOneCheck('auth.expired-token-401', { token: () => json(401, { error: 'invalid_client' }) }, onSandbox);
    expect(refused.failures).toEqual(['The short-lived sandbox client got no token: HTTP 401 (invalid_client).']);
    const silent = await runOneCheck('auth.expired-token-401', { token: unreachable }, onSandbox);
    // One cause, said once: the endpoint did not answer.
    expect([silent.failures, silent.trouble]).toEqual([
      ['The token endpoint gave no answer: POST https://acme.pluvo.com/oauth/token/ failed: ECONNREFUSED'],
      'unavailable',
    ]);
  });
});

test.describe('auth.scope-enforced and the 401 checks, other answers', () => {
  const probe = (trainings: Answer, users: Answer = json(200, { data: { paginatedUsers: { count: 137 } } })) => ({
    graphql: ({ query }: { query: string }) => (query.includes('paginatedTrainings') ? trainings : users),
  });

  test('broken: refused with a status other than 403, or with errors beside data', async () => {
    expect((await runOneCheck('auth.scope-enforced', probe(json(401, { errors: [{ message: 'no' }] })))).failures).toEqual([
      'paginatedTrainings needs trainings.read, so a users.read token should be refused (403); got HTTP 401: no.',
    ]);
    const leaked = json(200, { data: { paginatedTrainings: { count: 64 } }, errors: [{ message: 'partial' }] });
    expect((await runOneCheck('auth.scope-enforced', probe(leaked), { pinned: { 'scope-refusal': 'graphql-error' } })).failures).toEqual([
      'paginatedTrainings needs trainings.read, so a users.read token should be refused (403); got GraphQL errors (HTTP 200): partial.',
    ]);
    const errorIn400 = json(400, { data: { paginatedTrainings: null }, errors: [{ message: 'denied' }] });
    expect((await runOneCheck('auth.scope-enforced', probe(errorIn400), { pinned: { 'scope-refusal': 'graphql-error' } })).failures).toHaveLength(1);
  });

  test('broken: users refused to the users.read token too', async () => {
    const forbidden = json(403, { errors: [{ message: 'You do not have permission to perform this action.' }] });
    expect((await runOneCheck('auth.scope-enforced', probe(forbidden, forbidden))).failures).toEqual([
      'paginatedUsers with a users.read token should answer 200 with data; got HTTP 403: You do not have permission to perform this action.',
    ]);
  });

  test('a 401 with an Auth code in its first error only; a 200 is not a 401, and has no code to look at', async () => {
    const codes = (errors: unknown[]) => ({ graphql: () => json(401, { errors }) });
    expect((await runOneCheck('auth.missing-token-401', codes([{ message: 'a', extensions: { code: 'NotAuthenticated' } }]))).warnings).toEqual([]);
    expect(
      (await runOneCheck('auth.missing-token-401', codes([{ message: 'a' }, { message: 'b', extensions: { code: 'NotAuthenticated' } }]))).warnings,
    ).toHaveLength(1);
    expect((await runOneCheck('auth.missing-token-401', codes([{ message: 'a', extensions: { code: 401 } }]))).warnings).toEqual([
      'The 401 body has no error whose extensions.code contains "Auth" (got 401); clients written to the older docs look for it (https://pluvo.notion.site/Request-data-152a44d90b6c4710ac3867069a94ab08).',
    ]);
    expect((await runOneCheck('auth.missing-token-401', { graphql: () => ({ status: 401, body: 'Unauthorized', headers: {} }) })).warnings).toHaveLength(1);
    const ok = await runOneCheck('auth.missing-token-401', { graphql: () => json(200, { data: { paginatedUsers: { count: 1, edges: [] } } }) });
    expect([ok.failures, ok.warnings]).toEqual([['Without a token the docs promise 401; got HTTP 200 with data.'], []]);
    const forbidden = await runOneCheck('auth.missing-token-401', { graphql: () => json(403, { errors: [{ message: 'x' }] }) });
    expect([forbidden.failures, forbidden.warnings]).toEqual([['Without a token the docs promise 401; got HTTP 403: x.'], []]);
  });
});

test.describe('the transport checks, other answers', () => {
  const redirect = (status: number, location?: string) => ({ other: (): Answer => ({ status, headers: location ? { location } : {}, body: '' }) });

  test('a 308 holds, and is noted; a relative Location on the same host holds', async () => {
    const permanent = await runOneCheck('transport.graphql-slash-redirect', redirect(308, `${ROOT}/graphql/`));
    expect([permanent.failures, permanent.infos]).toEqual([[], ['Answered 308 (method-preserving) rather than 301.']]);
    const relative = await runOneCheck('transport.token-slash-redirect', redirect(301, '/oauth/token/'));
    expect([relative.failures, relative.infos]).toEqual([[], []]);
  });

  test('broken: no Location, or one that cannot be read', async () => {
    expect((await runOneCheck('transport.graphql-slash-redirect', redirect(301))).failures).toEqual([
      `The redirect should point to ${ROOT}/graphql/ on the same host; Location is (missing).`,
    ]);
    expect((await runOneCheck('transport.graphql-slash-redirect', redirect(301, 'http://[::1'))).failures).toEqual([
      `The redirect should point to ${ROOT}/graphql/ on the same host; Location is http://[::1.`,
    ]);
  });

  test('the slashless request carries no credentials, and its own body', async () => {
    const { requests } = await runOneCheck('transport.token-slash-redirect', redirect(301, `${ROOT}/oauth/token/`));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: `${ROOT}/oauth/token`, body: 'grant_type=client_credentials' });
    expect(requests[0]!.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    const graphql = (await runOneCheck('transport.graphql-slash-redirect', redirect(301, `${ROOT}/graphql/`))).requests[0]!;
    expect([graphql.body, graphql.headers]).toEqual(['{"query":"{ __typename }"}', { 'content-type': 'application/json' }]);
  });

  test('broken: no answer at all', async () => {
    const { failures, trouble } = await runOneCheck('transport.graphql-slash-redirect', {
      other: () => {
        throw new TransportError('POST https://acme.pluvo.com/graphql failed: ECONNRESET', false);
      },
    });
    expect(failures).toEqual(['POST /graphql got no answer: POST https://acme.pluvo.com/graphql failed: ECONNRESET']);
    expect(trouble).toBe('unavailable');
  });

  test('transport.first-request: no data, or no connection, is one line', async () => {
    expect((await runOneCheck('transport.first-request', { graphql: () => json(500, 'oops') })).failures).toEqual([
      'The documented first request should answer with data; got HTTP 500: "oops".',
    ]);
    expect((await runOneCheck('transport.first-request', { graphql: () => json(200, { data: { paginatedUsers: { count: 3 } } }) })).failures).toEqual([
      'paginatedUsers should be a connection with edges; got {"count":3}.',
    ]);
    expect((await runOneCheck('transport.first-request', { graphql: () => json(200, { data: { paginatedUsers: null } }) })).failures).toEqual([
      'paginatedUsers should be a connection with edges; got null.',
    ]);
  });
});
