import { test, expect } from '../contract/base-test';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { SandboxHttp } from '../support/sandbox-http';

const form = (extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: DEMO_CLIENT.clientId,
  client_secret: DEMO_CLIENT.clientSecret,
  scope: 'users.read events.read',
  ...extra,
});

test.describe('sandbox: POST /oauth/token/', () => {
  let sandbox: SandboxHttp;
  test.beforeAll(async () => (sandbox = await SandboxHttp.start()));
  test.afterAll(async () => sandbox.close());

  test('issues an opaque Bearer token for 86400 s with the scope echoed, no refresh_token, not cacheable', async () => {
    const reply = await sandbox.tokenRequest(form());
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(reply.json).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(reply.json).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'users.read events.read' });
    expect(reply.json.access_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const again = await sandbox.tokenRequest(form());
    expect(again.json.access_token).not.toBe(reply.json.access_token);
  });

  test('accepts form encoding only', async () => {
    const reply = await sandbox.post('/oauth/token/', JSON.stringify(form()), { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_request');
  });

  test('a wrong secret or unknown client gets 401 invalid_client', async () => {
    for (const extra of [{ client_secret: 'wrong' }, { client_id: 'nobody' }] as Array<Record<string, string>>) {
      const reply = await sandbox.tokenRequest(form(extra));
      expect(reply.status).toBe(401);
      expect(reply.json.error).toBe('invalid_client');
      expect(reply.json.access_token).toBeUndefined();
    }
  });

  test('another grant gets 400 unsupported_grant_type; a missing one 400 invalid_request', async () => {
    expect((await sandbox.tokenRequest(form({ grant_type: 'password' }))).json).toMatchObject({ error: 'unsupported_grant_type' });
    const { grant_type: _omitted, ...noGrant } = form();
    const reply = await sandbox.tokenRequest(noGrant);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_request');
  });

  test('an unknown scope gets 400 invalid_scope', async () => {
    const reply = await sandbox.tokenRequest(form({ scope: 'users.read admin.everything' }));
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_scope');
  });

  test('no scope asked grants the read scopes', async () => {
    const { scope: _omitted, ...noScope } = form();
    expect((await sandbox.tokenRequest(noScope)).json.scope).toBe('users.read trainings.read groups.read events.read');
  });

  test('without the trailing slash: 301 to /oauth/token/ and the body is not processed', async () => {
    const reply = await sandbox.post('/oauth/token', new URLSearchParams(form()).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(301);
    expect(reply.headers.get('location')).toBe('/oauth/token/');
    expect(reply.text).toBe('');
  });
});

test.describe('sandbox: token lifetime', () => {
  test('--token-ttl makes tokens expire in seconds, and an expired token gets 401', async () => {
    const sandbox = await SandboxHttp.start({ tokenTtlSeconds: 1 });
    try {
      const reply = await sandbox.tokenRequest(form());
      expect(reply.json.expires_in).toBe(1);
      const query = '{ paginatedUsers(first: 1) { count } }';
      expect((await sandbox.graphql(query, reply.json.access_token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const expired = await sandbox.graphql(query, reply.json.access_token);
      expect(expired.status).toBe(401);
      expect(expired.json.errors[0].extensions.code).toContain('Auth');
    } finally {
      await sandbox.close();
    }
  });
});
