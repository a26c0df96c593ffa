import { shown } from '../text/shown';
import { SANDBOX_EXPIRING_CLIENT } from '../config/sandbox-clients';
import type { Cause } from '../pluvo/cause';
import { causeOf, describeOutcome, isRecord, troubleKeyOf, type AuthMode, type GraphQLExchange } from '../pluvo/graphql-client';
import { parseJson, TokenError, tokenFailureCause, type AdoptedAnswer } from '../pluvo/token-client';
import { TransportError, type HttpResponse } from '../http/transport';
import { CheckRecorder, DOCS, rawCause, type CheckContext, type ContractCheck } from './check';
import { expectPinned } from './pinned-behaviour';
import { reportableResponse } from '../http/reportable-response';
import { MAX_RAW_BODY, rawPost } from './raw-request';

/** The first request of Pluvo's getting-started page. */
export const FIRST_REQUEST = {
  query: 'query FirstRequest { paginatedUsers(first: 3) { edges { node { id name email } } count } }',
  operationName: 'FirstRequest',
};
const TRAININGS_PROBE = { query: 'query ScopeProbe { paginatedTrainings(first: 1) { count } }', operationName: 'ScopeProbe' };
const USERS_PROBE = { query: 'query ScopeProbe { paginatedUsers(first: 1) { count } }', operationName: 'ScopeProbe' };
const DOCUMENTED_TTL_SECONDS = 86_400;
/** The token endpoint's error codes, RFC 6749 section 5.2. */
const OAUTH_ERROR_CODES = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);

/** A token endpoint's answer as a check judges it: the response and when it ended, or the reason there was none. */
type TokenAnswer = AdoptedAnswer | { error: TransportError | TokenError };

/** POST a form to the token endpoint: the run's own client unless other credentials are given. */
async function sendTokenForm(
  context: CheckContext,
  form: Record<string, string>,
  credentials?: { clientId: string; clientSecret: string },
): Promise<TokenAnswer> {
  const { config, clients } = context;
  try {
    const response = await clients.tokens.postForm({
      grant_type: 'client_credentials',
      client_id: credentials?.clientId ?? config.clientId,
      client_secret: credentials?.clientSecret ?? config.clientSecret,
      ...form,
    });
    return { response, endedAt: Date.now() };
  } catch (error) {
    if (!(error instanceof TransportError) && !(error instanceof TokenError)) throw error;
    return { error };
  }
}

/** The answer recorded as the check's redacted exchange; none at all fails the check as Pluvo's trouble. */
function recordTokenAnswer(context: CheckContext, recorder: CheckRecorder, answer: TokenAnswer, note: string) {
  const request = { method: 'POST', url: context.clients.tokens.tokenUrl, note };
  if ('response' in answer) {
    const { response, endedAt } = answer;
    recorder.record({ request, response: reportableResponse(response, MAX_RAW_BODY), durationMs: response.durationMs, endedAt });
    return { response, json: parseJson(response.body) as Record<string, unknown> | undefined };
  }
  const { error } = answer;
  const reason = error instanceof TokenError ? error.reason : 'unavailable';
  const response = { error: error.message, reason };
  recorder.record({ request, response, endedAt: Date.now() });
  const { cause, key } = rawCause(response);
  recorder.fail(`The token endpoint gave no answer: ${error.message}`, cause, key);
  return undefined;
}

/** POST a form to the token endpoint, recording the redacted exchange. */
async function tokenRequest(
  context: CheckContext,
  recorder: CheckRecorder,
  form: Record<string, string>,
  note: string,
  credentials?: { clientId: string; clientSecret: string },
) {
  return recordTokenAnswer(context, recorder, await sendTokenForm(context, form, credentials), note);
}

/**
 * The answer to a token request with the run's own client and scopes, which the checks of what a
 * token answer holds judge together: the preflight's, which asked exactly this (src/run/preflight.ts),
 * else one request for all of them. A confirmation (a fresh context) asks again.
 */
function issuedAnswer(context: CheckContext): Promise<TokenAnswer> {
  return context.once('issued-token', async () => {
    const { scopes } = context.config;
    return context.clients.tokens.takeAdopted(scopes) ?? sendTokenForm(context, { scope: scopes.join(' ') });
  });
}

/** A token request with the run's own credentials and scopes must succeed before anything is judged. */
async function issuedToken(context: CheckContext, recorder: CheckRecorder) {
  const answer = recordTokenAnswer(context, recorder, await issuedAnswer(context), 'form-encoded client_credentials request');
  if (!answer) return undefined;
  if (
    !recorder.expect(
      answer.response.status === 200 && isRecord(answer.json),
      `A form-encoded client_credentials request should get 200 with a JSON token; got ${describe(answer.response)}.`,
      ...refusal(answer.response),
    )
  )
    return undefined;
  return answer.json as Record<string, unknown>;
}

/** Why a token request with our own client got no token: our client refused (credentials), Pluvo's trouble, or a broken contract. */
function refusal(response: HttpResponse): [Cause, string | undefined] {
  const json = parseJson(response.body) as Record<string, unknown> | undefined;
  const cause = tokenFailureCause(response.status, typeof json?.error === 'string' ? json.error : undefined);
  if (cause === 'contract') return [cause, undefined];
  return [cause, cause === 'credentials' ? describe(response) : rawCause(reportableResponse(response, MAX_RAW_BODY)).key];
}

/** Pluvo's trouble in an answer that should have been a refusal (a 5xx where a 401 belongs), else the contract's. */
function troubleOf(response: HttpResponse): [Cause, string | undefined] {
  const { cause, key } = rawCause(reportableResponse(response, MAX_RAW_BODY));
  return [cause, key];
}

function describe(response: HttpResponse): string {
  const json = parseJson(response.body) as Record<string, unknown> | undefined;
  const error = typeof json?.error === 'string' ? ` (${json.error})` : '';
  return `HTTP ${response.status}${error}`;
}

function expectStatus(recorder: CheckRecorder, exchange: GraphQLExchange, status: number, contract: string): void {
  const { outcome } = exchange;
  const got = outcome.kind === 'http-status' ? outcome.status : undefined;
  recorder.expect(got === status, `${contract}; got ${describeOutcome(outcome)}.`, causeOf(outcome), troubleKeyOf(outcome));
}

function expectAuthCode(recorder: CheckRecorder, exchange: GraphQLExchange): void {
  const body = parseJson(exchange.response?.body ?? '') as { errors?: Array<{ extensions?: { code?: unknown } }> } | undefined;
  const code = body?.errors?.[0]?.extensions?.code;
  if (typeof code !== 'string' || !code.includes('Auth')) {
    recorder.warn(
      `The 401 body has no error whose extensions.code contains "Auth" (got ${shown(code ?? null)}); clients written to the older docs look for it (${DOCS.requestData}).`,
    );
  }
}

/** Resolve a Location header against the request URL, as a client would. */
function resolveLocation(location: string | undefined, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, requestUrl).toString();
  } catch {
    return undefined;
  }
}

/** A request Pluvo must refuse with 401, carrying the Auth-coded error older clients look for. */
function unauthenticatedCheck(id: string, title: string, auth: AuthMode, contract: string): ContractCheck {
  return {
    id,
    area: 'auth',
    title,
    docs: DOCS.gettingStarted,
    async run({ clients }) {
      const recorder = new CheckRecorder();
      const exchange = recorder.record(await clients.graphql.execute(FIRST_REQUEST, auth));
      expectStatus(recorder, exchange, 401, contract);
      if (exchange.outcome.kind === 'http-status' && exchange.outcome.status === 401) expectAuthCode(recorder, exchange);
      return recorder.result();
    },
  };
}

function slashRedirectCheck(id: string, path: '/graphql' | '/oauth/token', contentType: string, body: string): ContractCheck {
  return {
    id,
    area: 'transport',
    title: `POST ${path} without the trailing slash is redirected (301) to ${path}/ on the same host`,
    docs: DOCS.gettingStarted,
    async run({ clients }) {
      const recorder = new CheckRecorder();
      // No credentials go to the slashless URL at all: the redirect is asserted, never followed.
      const { response, exchange } = await rawPost(clients, path, {
        headers: { 'content-type': contentType },
        body,
        note: 'no credentials; redirects not followed',
      });
      recorder.record(exchange);
      if (!response) {
        const { cause, key } = rawCause(exchange.response);
        recorder.fail(`POST ${path} got no answer: ${'error' in exchange.response ? exchange.response.error : ''}`, cause, key);
        return recorder.result();
      }
      const target = resolveLocation(response.headers.location, `${clients.root}${path}`);
      if (
        recorder.expect(
          response.status === 301 || response.status === 308,
          `The docs require the trailing slash and redirect without it; POST ${path} got HTTP ${response.status} instead of 301 (${DOCS.gettingStarted}).`,
          ...troubleOf(response),
        )
      ) {
        if (response.status === 308) recorder.info('Answered 308 (method-preserving) rather than 301.');
        recorder.expect(
          target === `${clients.root}${path}/`,
          `The redirect should point to ${clients.root}${path}/ on the same host; Location is ${response.headers.location ?? '(missing)'}.`,
        );
      }
      return recorder.result();
    },
  };
}

export const AUTH_CHECKS: ContractCheck[] = [
  {
    id: 'auth.token-issued',
    area: 'auth',
    title: 'a form-encoded client-credentials request gets a Bearer access token for the scopes asked',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      const token = await issuedToken(context, recorder);
      if (token) {
        recorder.expect(typeof token.access_token === 'string' && token.access_token.length > 0, 'The token response has no non-empty access_token.');
        // RFC 6749 section 5.1: token_type is case-insensitive.
        recorder.expect(
          typeof token.token_type === 'string' && token.token_type.toLowerCase() === 'bearer',
          `token_type should be Bearer; got ${shown(token.token_type ?? null)}.`,
        );
        if (typeof token.scope === 'string') {
          const granted = new Set(token.scope.split(' '));
          const missing = context.config.scopes.filter((scope) => !granted.has(scope));
          recorder.expect(missing.length === 0, `The granted scope "${token.scope}" lacks ${missing.join(' ')}, which was asked for.`);
        } else {
          recorder.warn('The token response does not echo the granted scope (the docs show it does).');
        }
      }
      return recorder.result();
    },
  },
  {
    id: 'auth.token-lifetime',
    area: 'auth',
    title: 'tokens live 24 hours (expires_in 86400), as documented',
    docs: DOCS.introduction,
    async run(context) {
      const recorder = new CheckRecorder();
      const token = await issuedToken(context, recorder);
      if (token)
        recorder.expect(
          token.expires_in === DOCUMENTED_TTL_SECONDS,
          `expires_in should be ${DOCUMENTED_TTL_SECONDS} (24 h, ${DOCS.introduction}); got ${shown(token.expires_in ?? null)}. Token renewal timing depends on it.`,
        );
      return recorder.result();
    },
  },
  {
    id: 'auth.no-refresh-token',
    area: 'auth',
    title: 'client-credentials tokens come without a refresh_token',
    docs: DOCS.introduction,
    async run(context) {
      const recorder = new CheckRecorder();
      const token = await issuedToken(context, recorder);
      if (token)
        recorder.expect(
          !('refresh_token' in token),
          `The docs say there is no refresh flow, but the token response carries a refresh_token (${DOCS.introduction}).`,
        );
      return recorder.result();
    },
  },
  {
    id: 'auth.wrong-secret-rejected',
    area: 'auth',
    title: 'a wrong client secret gets 401 (or 400 invalid_client) and no token',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      const answer = await tokenRequest(context, recorder, { scope: context.config.scopes.join(' ') }, 'wrong client_secret', {
        clientId: context.config.clientId,
        clientSecret: 'definitely-not-the-client-secret',
      });
      if (answer) {
        const { status } = answer.response;
        const rejected = status === 401 || (status === 400 && answer.json?.error === 'invalid_client');
        recorder.expect(
          rejected,
          `A wrong client secret should be refused with 401 invalid_client; got ${describe(answer.response)}.`,
          ...troubleOf(answer.response),
        );
        recorder.expect(!answer.json || !('access_token' in answer.json), 'A token was issued for a wrong client secret.');
      }
      return recorder.result();
    },
  },
  {
    id: 'auth.unsupported-grant-rejected',
    area: 'auth',
    title: 'a grant other than client_credentials gets 400',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      const answer = await tokenRequest(context, recorder, { grant_type: 'password', scope: context.config.scopes.join(' ') }, 'grant_type=password');
      if (answer) {
        recorder.expect(
          answer.response.status === 400,
          `grant_type=password should be refused with 400 unsupported_grant_type; got ${describe(answer.response)}.`,
          ...troubleOf(answer.response),
        );
        recorder.expect(!answer.json || !('access_token' in answer.json), 'A token was issued for an unsupported grant.');
        if (answer.response.status === 400 && answer.json?.error !== 'unsupported_grant_type') {
          // Another OAuth 2 code (unauthorized_client, say) is a server's choice; none, or a made-up one, breaks every client that reads it.
          const code = answer.json?.error;
          if (
            recorder.expect(
              typeof code === 'string' && OAUTH_ERROR_CODES.has(code),
              `The 400 should name an OAuth 2 error code (RFC 6749 section 5.2, unsupported_grant_type here); it names ${shown(code ?? null)}.`,
            )
          ) {
            recorder.info(`The 400 names ${code}, not unsupported_grant_type.`);
          }
        }
      }
      return recorder.result();
    },
  },
  unauthenticatedCheck(
    'auth.missing-token-401',
    'a GraphQL request without an Authorization header is rejected with 401',
    { kind: 'none' },
    'Without a token the docs promise 401',
  ),
  unauthenticatedCheck(
    'auth.invalid-token-401',
    'a GraphQL request with an unknown token is rejected with 401',
    { kind: 'bearer', value: 'pluvo-contract-monitor-not-a-token' },
    'An invalid token should get 401',
  ),
  {
    id: 'auth.expired-token-401',
    area: 'auth',
    title: 'an expired token is rejected with 401',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      if (context.config.target.kind !== 'sandbox') {
        return recorder.result(
          'Only against the sandbox: a Pluvo token lives 24 h, so an expired one cannot be had within a run; the sandbox checks this with a short-lived client.',
        );
      }
      const answer = await tokenRequest(context, recorder, { scope: 'users.read' }, 'short-lived sandbox client', SANDBOX_EXPIRING_CLIENT);
      const value = answer?.json?.access_token;
      if (typeof value !== 'string') {
        if (answer) recorder.fail(`The short-lived sandbox client got no token: ${describe(answer.response)}.`, ...refusal(answer.response));
        return recorder.result();
      }
      // Wait out the client's real lifetime, not the reported expires_in: a wrong expires_in is
      // another check's finding and must not make this one sleep for an hour.
      const expiresIn = SANDBOX_EXPIRING_CLIENT.tokenTtlSeconds;
      await context.sleep(expiresIn * 1000 + 300);
      const exchange = recorder.record(await context.clients.graphql.execute(FIRST_REQUEST, { kind: 'bearer', value }));
      expectStatus(recorder, exchange, 401, `A token ${expiresIn} s past its expires_in should get 401`);
      return recorder.result();
    },
  },
  {
    id: 'auth.scope-enforced',
    area: 'auth',
    title: 'a token with only users.read is refused trainings (403, or as pinned) and served users',
    docs: DOCS.introduction,
    pinsBaseline: true,
    async run(context) {
      const { clients } = context;
      const recorder = new CheckRecorder();
      const auth = { kind: 'token' as const, scopes: ['users.read'] };
      const denied = recorder.record(await clients.graphql.execute(TRAININGS_PROBE, auth));
      // The docs do not say how a missing scope is refused: 403, or a GraphQL error in a 200 with
      // no data for the field. Either keeps the data back; which one is pinned per target.
      const { outcome } = denied;
      const refusal =
        outcome.kind === 'http-status' && outcome.status === 403
          ? '403'
          : outcome.kind === 'graphql-errors' && outcome.status === 200 && outcome.data?.paginatedTrainings == null
            ? 'graphql-error'
            : undefined;
      if (refusal)
        expectPinned(recorder, context, {
          key: 'scope-refusal',
          what: 'A missing scope',
          observed: refusal,
          describe: (value) => (value === '403' ? 'HTTP 403' : 'a GraphQL error in a 200'),
        });
      else recorder.failOn(outcome, `paginatedTrainings needs trainings.read, so a users.read token should be refused (403); got ${describeOutcome(outcome)}.`);
      const allowed = recorder.record(await clients.graphql.execute(USERS_PROBE, auth));
      recorder.expect(
        allowed.outcome.kind === 'data',
        `paginatedUsers with a users.read token should answer 200 with data; got ${describeOutcome(allowed.outcome)}.`,
        causeOf(allowed.outcome),
        troubleKeyOf(allowed.outcome),
      );
      return recorder.result();
    },
  },
  slashRedirectCheck('transport.graphql-slash-redirect', '/graphql', 'application/json', '{"query":"{ __typename }"}'),
  slashRedirectCheck('transport.token-slash-redirect', '/oauth/token', 'application/x-www-form-urlencoded', 'grant_type=client_credentials'),
  {
    id: 'transport.first-request',
    area: 'transport',
    title: 'the documented first request returns at most 3 users and an integer count',
    docs: DOCS.gettingStarted,
    async run({ clients }) {
      const recorder = new CheckRecorder();
      const exchange = recorder.record(await clients.graphql.execute(FIRST_REQUEST));
      if (exchange.outcome.kind !== 'data') {
        recorder.failOn(exchange.outcome, `The documented first request should answer with data; got ${describeOutcome(exchange.outcome)}.`);
        return recorder.result();
      }
      const connection = exchange.outcome.data.paginatedUsers;
      if (!isRecord(connection) || !Array.isArray(connection.edges)) {
        recorder.fail(`paginatedUsers should be a connection with edges; got ${shown(connection)}.`);
        return recorder.result();
      }
      recorder.expect(connection.edges.length <= 3, `first: 3 should give at most 3 edges; got ${connection.edges.length}.`);
      recorder.expect(Number.isInteger(connection.count), `count should be an integer; got ${shown(connection.count)}.`);
      return recorder.result();
    },
  },
];
