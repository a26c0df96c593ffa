import { shown, shownText } from '../text/shown';
import { redact } from '../security/redact';
import { reportableResponse, type ReportableResponse } from '../http/reportable-response';
import { ResponseTooLarge, TransportError, type HttpResponse, type HttpTransport } from '../http/transport';
import { requestBudgetSpent } from './budget';
import { causeOfStatus, troubleKey, type Cause, type Problem } from './cause';
import { parseRetryAfter, type RunLimits } from './run-limits';
import { TokenError, parseJson, type AccessToken, type TokenClient } from './token-client';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../text/json-depth';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface GraphQLErrorShape {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/**
 * Every answer falls in one class, so a report can tell "the API is down" from "we are throttled"
 * from "the contract broke":
 *  - transport: no HTTP answer (refused, reset, timed out), or the token could not be had;
 *  - http-status: an answer that is not a GraphQL 200 (401, 403, 301, 429, 5xx, an HTML page);
 *  - graphql-errors: a GraphQL body with `errors`, whatever its status (Pluvo may send them with 200);
 *  - data: a GraphQL body with data and no errors.
 */
export type GraphQLOutcome =
  | { kind: 'transport'; message: string; timedOut: boolean }
  /** Not sent: the run's own request budget is spent. */
  | { kind: 'budget'; message: string }
  /** Not sent: no access token could be had, for the reason given. */
  | { kind: 'no-token'; message: string; reason: Cause }
  | { kind: 'http-status'; status: number; retryAfterSeconds?: number; location?: string; reason: string }
  | {
      kind: 'graphql-errors';
      status: number;
      /** The first KEPT_ERRORS of them: what any reader names. */
      errors: GraphQLErrorShape[];
      /** How many more the answer had: a hostile one may carry 300,000, and none is kept beyond these. */
      unlisted?: number;
      data: Record<string, unknown> | null;
    }
  | { kind: 'data'; status: number; data: Record<string, unknown> };

/** What was sent and received, redacted, ready to attach to a report. */
export interface GraphQLExchange {
  outcome: GraphQLOutcome;
  request: { url: string; operationName?: string; query: string; variables?: Record<string, unknown>; auth: string };
  response?: ReportableResponse;
  attempts: number;
  durationMs: number;
  /** When it ended, in ms since the epoch: for a trace's span. */
  endedAt: number;
}

export type AuthMode =
  /** A cached token for these scopes (the client's default scopes when omitted). */
  | { kind: 'token'; scopes?: string[] }
  /** No Authorization header at all. */
  | { kind: 'none' }
  /** Exactly this bearer value (a garbage or expired token). */
  | { kind: 'bearer'; value: string };

export interface GraphQLClientOptions {
  transport: HttpTransport;
  root: string;
  tokens: TokenClient;
  defaultScopes: string[];
  timeoutMs: number;
  /** A response body beyond this is not read (and never parsed): the request fails instead. */
  maxResponseBytes?: number;
  limits: RunLimits;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_ATTEMPTS = 5;
const MAX_ERRORS_NAMED = 5;
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** Bodies in reports are cut here: enough to read, not a megabyte of JSON per check. */
const MAX_BODY_IN_REPORT = 20_000;
/** Errors kept of an answer: more than anyone names, few enough that 300,000 cost nothing. */
const KEPT_ERRORS = 100;

export class GraphQLClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphQLClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get endpoint(): string {
    return `${this.options.root}/graphql/`;
  }

  get tokens(): TokenClient {
    return this.options.tokens;
  }

  /** How many requests the target's bound lets be in flight at once (PLUVO_CONCURRENCY). */
  get concurrency(): number {
    return this.options.limits.limit.concurrency;
  }

  /**
   * POST a GraphQL request. A 401 on a managed token renews it once and retries; then the 401
   * stands. A 429 waits out Retry-After while the run's retry budget lasts; then the 429 stands.
   * A redirect is reported, never followed.
   */
  async execute(request: GraphQLRequest, auth: AuthMode = { kind: 'token' }): Promise<GraphQLExchange> {
    const started = performance.now();
    let renewedAfter401 = false;
    let attempts = 0;
    // Response time is what the server took to answer, summed over attempts: waits on 429
    // Retry-After are ours, not its slowness.
    let answeredMs = 0;
    for (;;) {
      let token: AccessToken | undefined;
      let authorization: string | undefined;
      try {
        ({ token, authorization } = await this.authorization(auth));
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        return this.exchange(
          request,
          auth,
          { kind: 'no-token', message: `no access token: ${error.message}`, reason: error.reason },
          undefined,
          attempts,
          performance.now() - started,
        );
      }
      attempts += 1;
      const sent = await this.send(request, authorization);
      if ('outcome' in sent) return this.exchange(request, auth, sent.outcome, undefined, attempts, performance.now() - started);
      const response = sent.response;
      answeredMs += response.durationMs;
      const json = parseJson(response.body);
      const outcome = classify(response, json);
      if (outcome.kind === 'http-status' && outcome.status === 401 && token && !renewedAfter401) {
        renewedAfter401 = true;
        this.options.tokens.invalidate(token);
        continue;
      }
      if (outcome.kind === 'http-status' && outcome.status === 429 && attempts < MAX_ATTEMPTS) {
        const waitMs = (outcome.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
        if (this.options.limits.takeRetryWait(waitMs)) {
          await this.sleep(waitMs);
          continue;
        }
      }
      return this.exchange(request, auth, outcome, response, attempts, answeredMs, json);
    }
  }

  private async authorization(auth: AuthMode): Promise<{ token?: AccessToken; authorization?: string }> {
    if (auth.kind === 'none') return {};
    if (auth.kind === 'bearer') return { authorization: `Bearer ${auth.value}` };
    const token = await this.options.tokens.getToken(auth.scopes ?? this.options.defaultScopes);
    return { token, authorization: `Bearer ${token.value}` };
  }

  private async send(request: GraphQLRequest, authorization: string | undefined): Promise<{ response: HttpResponse } | { outcome: GraphQLOutcome }> {
    const { limits, transport, timeoutMs } = this.options;
    if (!limits.takeRequest()) {
      return { outcome: { kind: 'budget', message: requestBudgetSpent('the request was not sent') } };
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    try {
      const response = await limits.limit(() =>
        transport.send({
          method: 'POST',
          url: this.endpoint,
          headers,
          body: JSON.stringify(request),
          timeoutMs,
          ...(this.options.maxResponseBytes ? { maxBytes: this.options.maxResponseBytes } : {}),
        }),
      );
      return { response };
    } catch (error) {
      if (error instanceof ResponseTooLarge) return { outcome: { kind: 'http-status', status: error.status, reason: error.message } };
      if (error instanceof TransportError) return { outcome: { kind: 'transport', message: error.message, timedOut: error.timedOut } };
      throw error;
    }
  }

  private exchange(
    request: GraphQLRequest,
    auth: AuthMode,
    outcome: GraphQLOutcome,
    response: HttpResponse | undefined,
    attempts: number,
    durationMs: number,
    /** The body as parsed for the outcome; its shape is taken from it, not from the text again. */
    json?: unknown,
  ): GraphQLExchange {
    return {
      outcome,
      request: {
        url: this.endpoint,
        ...(request.operationName ? { operationName: request.operationName } : {}),
        query: request.query,
        ...(request.variables ? { variables: request.variables } : {}),
        auth: describeAuth(auth),
      },
      ...(response ? { response: reportableResponse(response, MAX_BODY_IN_REPORT, json) } : {}),
      attempts,
      durationMs,
      endedAt: Date.now(),
    };
  }
}

/** What an answer is, from its status and its body as `parseJson` read it (undefined: not JSON, or nested too deep to read). */
export function classify(response: HttpResponse, parsed: unknown): GraphQLOutcome {
  const { status, headers, body } = response;
  const json = parsed as { data?: unknown; errors?: unknown } | undefined;
  const isGraphQLBody = json !== undefined && typeof json === 'object' && json !== null && ('data' in json || 'errors' in json);
  if (status >= 300 && status < 400) {
    return {
      kind: 'http-status',
      status,
      location: headers.location,
      reason: `redirect to ${headers.location ?? '(no Location)'} not followed: it would resend the credentials`,
    };
  }
  if (status === 200 && isGraphQLBody) {
    if (Array.isArray(json.errors) && json.errors.length > 0) {
      const unlisted = json.errors.length - KEPT_ERRORS;
      return {
        kind: 'graphql-errors',
        status,
        errors: json.errors.slice(0, KEPT_ERRORS).map(toErrorShape),
        ...(unlisted > 0 ? { unlisted } : {}),
        data: isRecord(json.data) ? json.data : null,
      };
    }
    if (isRecord(json.data)) return { kind: 'data', status, data: json.data };
    return { kind: 'http-status', status, reason: 'a 200 whose body has neither data nor errors' };
  }
  if (status === 200) {
    // We ask for no encoding: a compressed answer is not inflated (a gzip bomb would be hundreds of megabytes), only named.
    const encoding = headers['content-encoding'];
    const why = nestsDeeperThan(body)
      ? `: JSON nested deeper than ${MAX_JSON_DEPTH} levels, not read`
      : encoding && encoding !== 'identity'
        ? `: encoded ${encoding.slice(0, 40)}, which we did not ask for, not inflated`
        : '';
    return { kind: 'http-status', status, reason: `a 200 that is not a GraphQL JSON body (${headers['content-type'] ?? 'no content-type'})${why}` };
  }
  const retryAfterSeconds = status === 429 ? parseRetryAfter(headers['retry-after']) : undefined;
  const firstError = isGraphQLBody && Array.isArray(json.errors) ? toErrorShape(json.errors[0]).message : undefined;
  return {
    kind: 'http-status',
    status,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    reason: redact(firstError ?? (body.slice(0, 200).replace(/\s+/g, ' ').trim() || '(empty body)')),
  };
}

/** How many errors an answer had, kept or not. */
export function errorCount(outcome: GraphQLOutcome & { kind: 'graphql-errors' }): number {
  return outcome.errors.length + (outcome.unlisted ?? 0);
}

/** One line per outcome, for failure messages and logs. */
export function describeOutcome(outcome: GraphQLOutcome): string {
  // A phrase inside the caller's sentence ("… got HTTP 400: Cannot query field …."): Pluvo's own
  // messages end with a full stop, which would make two.
  return outcomePhrase(outcome).replace(/\.+$/, '');
}

function outcomePhrase(outcome: GraphQLOutcome): string {
  switch (outcome.kind) {
    case 'transport':
      return `no HTTP answer: ${outcome.message}`;
    case 'budget':
    case 'no-token':
      return outcome.message;
    case 'http-status':
      return `HTTP ${outcome.status}: ${outcome.reason}`;
    case 'graphql-errors': {
      // A hostile answer may carry 300,000 errors: a line names the first few, and counts the rest.
      const named = outcome.errors
        .slice(0, MAX_ERRORS_NAMED)
        .map((e) => shownText(e.message))
        .join(' | ');
      const count = errorCount(outcome);
      const more = count > MAX_ERRORS_NAMED ? ` …and ${count - MAX_ERRORS_NAMED} more` : '';
      return `GraphQL errors (HTTP ${outcome.status}): ${redact(named)}${more}`;
    }
    case 'data':
      return `HTTP ${outcome.status} with data`;
  }
}

/** Why an answer is not what a check wanted, by its class: Pluvo's trouble, our budget, or an answer to judge. */
export function causeOf(outcome: GraphQLOutcome): Cause {
  switch (outcome.kind) {
    case 'transport':
      return 'unavailable';
    case 'budget':
      return 'budget';
    case 'no-token':
      return outcome.reason;
    case 'http-status':
      return causeOfStatus(outcome.status);
    default:
      return 'contract';
  }
}

/** The trouble an outcome shows, for failures with one cause to be said once; none for an answer to judge. */
export function troubleKeyOf(outcome: GraphQLOutcome): string | undefined {
  return causeOf(outcome) === 'contract' ? undefined : troubleKey(describeOutcome(outcome));
}

/** The problem an answer is, when it is not the data the caller wanted. */
export function problemOf(outcome: GraphQLOutcome, message: string): Problem {
  const key = troubleKeyOf(outcome);
  return { message, cause: causeOf(outcome), ...(key ? { key } : {}) };
}

function toErrorShape(error: unknown): GraphQLErrorShape {
  if (!isRecord(error)) return { message: String(error) };
  return {
    message: typeof error.message === 'string' ? error.message : shown(error),
    ...(Array.isArray(error.path) ? { path: error.path as Array<string | number> } : {}),
    ...(isRecord(error.extensions) ? { extensions: error.extensions } : {}),
  };
}

function describeAuth(auth: AuthMode): string {
  if (auth.kind === 'none') return 'no Authorization header';
  if (auth.kind === 'bearer') return 'Bearer [REDACTED] (given)';
  return `Bearer [REDACTED] (token for ${(auth.scopes ?? ['default scopes']).join(' ')})`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
