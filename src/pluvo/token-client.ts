import { redact, registerSecret } from '../security/redact';
import { ResponseTooLarge, TransportError, type HttpResponse, type HttpTransport } from '../http/transport';
import { requestBudgetSpent } from './budget';
import { causeOfStatus, type Cause } from './cause';
import type { RunLimits } from './run-limits';
import { nestsDeeperThan } from '../text/json-depth';

/** Pluvo's documented advice: renew proactively after ~23 h of a 24 h token. */
const RENEW_AFTER_MS = 23 * 60 * 60 * 1000;
/** Tokens that live less than a day are renewed at 95% of expires_in. */
const RENEW_FRACTION = 0.95;
const DAY_SECONDS = 86_400;

function renewAfterMs(expiresInSeconds: number): number {
  return expiresInSeconds >= DAY_SECONDS ? RENEW_AFTER_MS : expiresInSeconds * 1000 * RENEW_FRACTION;
}

export interface AccessToken {
  value: string;
  /** Scopes asked for: the cache key. */
  scopes: string[];
  /** Scopes granted, as the server echoed them (or as asked when it did not). */
  grantedScopes: string[];
  expiresInSeconds: number;
  obtainedAt: number;
  renewAt: number;
}

/** OAuth 2 error codes that say Pluvo refused our API client or what it asked for (RFC 6749 section 5.2). */
const REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope']);

/** Why a token endpoint's answer gave no token: our client refused, Pluvo's trouble, or a broken answer. */
export function tokenFailureCause(status: number, oauthError: string | undefined): Cause {
  return status === 401 || (oauthError !== undefined && REFUSALS.has(oauthError)) ? 'credentials' : causeOfStatus(status);
}

export class TokenError extends Error {
  /** Why no token was had: Pluvo's refusal of our client, its trouble, our budget, or a broken answer. */
  readonly reason: Cause;

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly oauthError: string | undefined,
    reason?: Cause,
  ) {
    super(redact(message));
    this.name = 'TokenError';
    this.reason = reason ?? (status === undefined ? 'unavailable' : tokenFailureCause(status, oauthError));
  }
}

export interface TokenClientOptions {
  transport: HttpTransport;
  root: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  maxResponseBytes?: number;
  limits?: RunLimits;
  now?: () => number;
}

/**
 * OAuth2 client-credentials tokens from `<root>/oauth/token/`, cached per scope set. Concurrent
 * callers for the same scopes share one in-flight request, so a burst of tests asks for one token.
 */
export class TokenClient {
  private readonly cache = new Map<string, AccessToken>();
  private readonly inFlight = new Map<string, Promise<AccessToken>>();
  /** Form posts under way: each may bring back a token, registered for masking as it is read. */
  private readonly posting = new Set<Promise<unknown>>();
  /** The preflight's answer to the run's own token request, until the checks of that answer take it. */
  private readonly adopted = new Map<string, AdoptedAnswer>();
  private readonly now: () => number;

  constructor(private readonly options: TokenClientOptions) {
    this.now = options.now ?? Date.now;
    registerSecret(options.clientSecret, { fragments: true });
  }

  get tokenUrl(): string {
    return `${this.options.root}/oauth/token/`;
  }

  /** A valid token for these scopes: the cached one until its renewal time, else a new one. */
  async getToken(scopes: string[]): Promise<AccessToken> {
    const key = scopeKey(scopes);
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.renewAt) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = this.fetchToken(scopes).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    const token = await request;
    this.cache.set(key, token);
    return token;
  }

  /**
   * The answer to a token request the run made for these scopes before its checks (the preflight's
   * form is the checks' own): its token serves the checks' requests, as one that getToken fetched
   * would, and the answer itself is kept for the checks that judge what a token answer holds
   * (takeAdopted). So a run asks for the token of its scopes once, not once for each.
   */
  adopt(scopes: string[], answer: AdoptedAnswer): void {
    const key = scopeKey(scopes);
    this.adopted.set(key, answer);
    if (this.cache.has(key) || answer.response.status !== 200) return;
    try {
      this.cache.set(key, this.tokenFrom(answer.response, scopes));
    } catch {
      // An answer without a token is the auth checks' to judge; getToken asks again for one.
    }
  }

  /** The adopted answer for these scopes, once: whoever takes it judges it, and a confirmation asks anew. */
  takeAdopted(scopes: string[]): AdoptedAnswer | undefined {
    const key = scopeKey(scopes);
    const answer = this.adopted.get(key);
    this.adopted.delete(key);
    return answer;
  }

  /** Drop a token the API refused (a 401), unless it was already replaced. */
  invalidate(token: AccessToken): void {
    const key = scopeKey(token.scopes);
    if (this.cache.get(key)?.value === token.value) this.cache.delete(key);
    for (const [otherKey, cached] of this.cache) if (cached.value === token.value) this.cache.delete(otherKey);
  }

  /**
   * POST a form to the token endpoint exactly as given, for checks that probe the endpoint's
   * contract (a wrong secret, an unsupported grant). Nothing is cached.
   */
  async postForm(form: Record<string, string>, options: { contentType?: string; path?: string } = {}): Promise<HttpResponse> {
    if (this.options.limits && !this.options.limits.takeRequest()) {
      throw new TokenError(requestBudgetSpent('no token request was sent'), undefined, undefined, 'budget');
    }
    const send = () =>
      this.options.transport.send({
        method: 'POST',
        url: `${this.options.root}${options.path ?? '/oauth/token/'}`,
        headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        timeoutMs: this.options.timeoutMs,
        ...(this.options.maxResponseBytes ? { maxBytes: this.options.maxResponseBytes } : {}),
      });
    const posting = (async () => {
      const response = this.options.limits ? await this.options.limits.limit(send) : await send();
      const parsed = parseJson(response.body) as Record<string, unknown> | undefined;
      if (typeof parsed?.access_token === 'string') registerSecret(parsed.access_token, { fragments: true });
      if (typeof parsed?.refresh_token === 'string') registerSecret(parsed.refresh_token, { fragments: true });
      return response;
    })();
    this.posting.add(posting);
    const done = () => void this.posting.delete(posting);
    posting.then(done, done);
    return posting;
  }

  /**
   * Once every token request under way now has been answered and its token registered for masking.
   * A server may put a token it has just issued into another answer that reaches us first (a
   * redirect listing the tokens it has seen): masked before the token's own answer was read, a
   * report would carry it in the clear. A token asked for later cannot be in an answer already
   * read, so those are not waited for (a confirmation's requests never hold up a report).
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.posting]);
  }

  private async fetchToken(scopes: string[]): Promise<AccessToken> {
    const { clientId, clientSecret } = this.options;
    let response: HttpResponse;
    try {
      response = await this.postForm({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes.join(' ') });
    } catch (error) {
      // Too large is an answer, judged by its status; no answer at all is Pluvo's trouble.
      if (error instanceof ResponseTooLarge) throw new TokenError(`token request failed: ${error.message}`, error.status, undefined);
      if (error instanceof TransportError) throw new TokenError(`token request failed: ${error.message}`, undefined, undefined);
      throw error;
    }
    return this.tokenFrom(response, scopes);
  }

  /** The token a token endpoint's answer holds, or a TokenError that says why it holds none. */
  private tokenFrom(response: HttpResponse, scopes: string[]): AccessToken {
    const body = parseJson(response.body) as Record<string, unknown> | undefined;
    if (response.status !== 200) {
      const oauthError = typeof body?.error === 'string' ? body.error : undefined;
      const location = response.headers.location ? ` to ${response.headers.location}` : '';
      throw new TokenError(
        `token endpoint ${this.tokenUrl} answered ${response.status}${location}${oauthError ? ` (${oauthError})` : ''}: ${response.body.slice(0, 300)}`,
        response.status,
        oauthError,
      );
    }
    const value = body?.access_token;
    if (typeof value !== 'string' || value === '') {
      throw new TokenError(`token endpoint ${this.tokenUrl} answered 200 without an access_token: ${response.body.slice(0, 300)}`, 200, undefined, 'contract');
    }
    const expiresIn = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 86_400;
    const granted = typeof body?.scope === 'string' ? body.scope.split(' ').filter(Boolean) : scopes;
    const obtainedAt = this.now();
    return {
      value,
      scopes: [...scopes],
      grantedScopes: granted,
      expiresInSeconds: expiresIn,
      obtainedAt,
      renewAt: obtainedAt + renewAfterMs(expiresIn),
    };
  }
}

/** A token endpoint's answer, as read, and when it was. */
export interface AdoptedAnswer {
  response: HttpResponse;
  endedAt: number;
}

function scopeKey(scopes: string[]): string {
  return [...new Set(scopes)].sort().join(' ');
}

/** A body as JSON, or undefined when it is not JSON or nests deeper than an answer of Pluvo's may (src/text/json-depth.ts). */
export function parseJson(text: string): unknown {
  if (nestsDeeperThan(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
