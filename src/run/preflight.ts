import { troubleKey } from '../pluvo/cause';
import { describeOutcome, troubleKeyOf } from '../pluvo/graphql-client';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import { parseJson, type AdoptedAnswer } from '../pluvo/token-client';
import { ResponseTooLarge, TransportError } from '../http/transport';

/**
 * Before the checks, one token request and one small GraphQL request, sent at once, tell the run
 * what it is looking at: a target that does not answer (no connection, a timeout, a 5xx or a proxy page),
 * Pluvo refusing our API client or a scope it asks for, or a target that answers. The first two
 * are said once, as what they are, instead of as every check's failure.
 */
export type Preflight =
  | { state: 'answers'; note?: string }
  | { state: 'unavailable'; message: string; key: string }
  | { state: 'credentials'; message: string; key: string; problem: 'client' | 'scope'; scopes?: string[]; fix?: string };

const FIRST_LOOK = { query: 'query Preflight { __typename }', operationName: 'Preflight' };

export interface PreflightOptions {
  /** The client's own credentials and scopes: what the checks will use. */
  clientId: string;
  clientSecret: string;
  scopes: string[];
  confirmDelaysMs: number[];
  sleep: (ms: number) => Promise<void>;
  /** The token endpoint's answer to the checks' own request, for the run to ask it once (TokenClient.adopt). */
  tokenAnswered?: (answer: AdoptedAnswer) => void;
}

/** Look, and when the target does not answer, look again after each wait before saying so. */
export async function preflight(clients: PluvoClients, options: PreflightOptions): Promise<Preflight> {
  let seen = await look(clients, options);
  const waited: number[] = [];
  for (const delay of options.confirmDelaysMs) {
    if (seen.state !== 'unavailable') break;
    await options.sleep(delay);
    waited.push(delay);
    seen = await look(clients, options);
  }
  const tried = waited.length ? ` (tried again after ${waited.map((ms) => `${ms / 1000} s`).join(' and ')})` : '';
  if (seen.state === 'unavailable') return { ...seen, message: `${seen.message}${tried}` };
  if (waited.length && seen.state === 'answers') return { state: 'answers', note: `Pluvo did not answer at first; it did${tried}.` };
  return seen;
}

async function look(clients: PluvoClients, options: PreflightOptions): Promise<Preflight> {
  const form = { grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: options.scopes.join(' ') };
  const asked = clients.tokens.postForm(form);
  // GraphQL is looked at in the same moment, without a token: whether it answers at all needs none
  // (a 401 is an answer, as any status below 500 was to the look with our token), so the
  // preflight costs one round trip before the checks, not two.
  const lookedAt = clients.graphql.execute(FIRST_LOOK, { kind: 'none' }).then(
    (exchange) => ({ exchange }),
    (error: unknown) => ({ error }),
  );
  let response;
  try {
    response = await asked;
    options.tokenAnswered?.({ response, endedAt: Date.now() });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    // More than we read is still an answer: for the auth checks to judge, unless it is a 5xx.
    if (error instanceof ResponseTooLarge && error.status < 500) return { state: 'answers' };
    return { state: 'unavailable', message: `Pluvo did not answer at ${clients.tokens.tokenUrl}: ${error.message}`, key: troubleKey(error.message) };
  }
  const body = parseJson(response.body) as { access_token?: unknown; error?: unknown } | undefined;
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const answered = `HTTP ${response.status}${code ? ` (${code})` : ''}`;
  // A 401 refuses our client whatever its body; other answers that are not Pluvo's JSON (a proxy's page) are no answer.
  if (response.status === 401 || code === 'invalid_client' || code === 'unauthorized_client')
    return { state: 'credentials', problem: 'client', message: `Pluvo refused our API client at ${clients.tokens.tokenUrl} (${answered})`, key: answered };
  if (response.status >= 500 || (response.status !== 200 && code === undefined && !/json/.test(response.headers['content-type'] ?? '')))
    return {
      state: 'unavailable',
      message: `Pluvo's token endpoint did not answer properly: ${answered}`,
      key: troubleKey(`HTTP ${response.status}: ${response.body}`),
    };
  if (code === 'invalid_scope') {
    const refused = await refusedScopes(clients, options);
    return {
      state: 'credentials',
      problem: 'scope',
      scopes: refused,
      message: `Pluvo refused ${refused.length ? `the scope${refused.length > 1 ? 's' : ''} ${refused.map((s) => `"${s}"`).join(', ')}` : 'a scope asked for'} (${answered})`,
      key: answered,
    };
  }
  // Any other answer from the token endpoint is for the auth checks to judge.
  if (typeof body?.access_token !== 'string') return { state: 'answers' };
  const seen = await lookedAt;
  if ('error' in seen) throw seen.error;
  const { exchange } = seen;
  const key = troubleKeyOf(exchange.outcome);
  const { outcome } = exchange;
  if (outcome.kind === 'transport' || (outcome.kind === 'http-status' && outcome.status >= 500))
    return { state: 'unavailable', message: `Pluvo did not answer at ${clients.graphql.endpoint}: ${describeOutcome(outcome)}`, key: key ?? 'no answer' };
  return { state: 'answers' };
}

/** Which of the scopes asked for Pluvo refuses, each asked alone (a few requests, only when one is refused). */
async function refusedScopes(clients: PluvoClients, options: PreflightOptions): Promise<string[]> {
  const refused: string[] = [];
  for (const scope of options.scopes) {
    try {
      const response = await clients.tokens.postForm({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope,
      });
      if ((parseJson(response.body) as { error?: unknown } | undefined)?.error === 'invalid_scope') refused.push(scope);
    } catch {
      // No answer to a single scope: it cannot be told, and the message says "a scope".
    }
  }
  return refused;
}
