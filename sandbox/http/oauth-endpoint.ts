import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClient } from '../demo-clients';
import type { TokenStore } from '../auth/token-store';
import type { FaultName } from '../faults';
import { sendJson } from './respond';

export interface OAuthOptions {
  clients: readonly SandboxClient[];
  tokens: TokenStore;
  tokenTtlSeconds: number;
  faults: ReadonlySet<FaultName>;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** POST /oauth/token/: RFC 6749 client credentials, form-encoded only, errors as RFC 6749 says. */
export function handleTokenRequest(req: IncomingMessage, res: ServerResponse, body: string, options: OAuthOptions): void {
  const error = (status: number, code: string, description: string, headers: Record<string, string> = {}) =>
    sendJson(res, status, { error: code, error_description: description }, { ...NO_STORE, ...headers });
  if (req.method !== 'POST') return error(405, 'invalid_request', 'Use POST.', { allow: 'POST' });
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    return error(400, 'invalid_request', 'The token request must be form-encoded (application/x-www-form-urlencoded).');
  }
  const form = new URLSearchParams(body);
  const grantType = form.get('grant_type');
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (!grantType) return error(400, 'invalid_request', 'grant_type is missing.');
  if (!clientId || !clientSecret) return error(400, 'invalid_request', 'client_id and client_secret are required in the form body.');
  const client = options.clients.find((c) => c.clientId === clientId);
  if (!client || (client.clientSecret !== clientSecret && !options.faults.has('wrong-secret-accepted'))) {
    return error(401, 'invalid_client', 'Client authentication failed.', { 'www-authenticate': 'Basic realm="pluvo"' });
  }
  if (grantType !== 'client_credentials' && !options.faults.has('any-grant-accepted')) {
    const code = options.faults.has('grant-error-code-wrong') ? 'invalid_client_credentials' : 'unsupported_grant_type';
    return error(400, code, `grant_type ${grantType} is not supported; use client_credentials.`);
  }
  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  // No scope asked: grant the client's read scopes (RFC 6749 3.3 lets the server pick a default).
  const scopes = requested.length ? [...new Set(requested)] : client.allowedScopes.filter((s) => s.endsWith('.read'));
  const refused = scopes.filter((scope) => !client.allowedScopes.includes(scope));
  if (refused.length) return error(400, 'invalid_scope', `Scope not allowed for this client: ${refused.join(' ')}.`);
  const ttl = client.tokenTtlSeconds ?? options.tokenTtlSeconds;
  if (options.faults.has('scope-narrowed')) scopes.splice(0, scopes.length, ...scopes.filter((scope) => scope !== 'events.read'));
  const accessToken = options.tokens.issue(client.clientId, scopes, ttl);
  sendJson(
    res,
    200,
    {
      access_token: accessToken,
      token_type: options.faults.has('token-type-lowercase') ? 'bearer' : 'Bearer',
      expires_in: options.faults.has('expires-in-changed') ? 3600 : ttl,
      scope: scopes.join(' '),
      ...(options.faults.has('refresh-token-issued') ? { refresh_token: options.tokens.issue(client.clientId, [], ttl) } : {}),
    },
    NO_STORE,
  );
}
