import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, getOperationAST, GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { RateLimiter } from '../auth/rate-limiter';
import type { TokenStore } from '../auth/token-store';
import type { FaultName } from '../faults';
import { type CheckedDocument, checkedDocument } from '../graphql/checked-documents';
import { answerBody } from '../graphql/answer-body';
import { introspectionAnswer } from '../graphql/introspection-answers';
import { asksOnlyAboutTheSchema, rootFieldNames } from '../graphql/root-fields';
import { describeRule, satisfies, scopeFor } from '../graphql/scopes';
import { authErrorBody, JSON_CONTENT_TYPE, sendJson, sendText } from './respond';

export interface GraphQLEndpointOptions {
  schema: GraphQLSchema;
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  faults: ReadonlySet<FaultName>;
  /** How many POST /graphql/ requests have arrived, for faults that flap. */
  served: { count: number };
  /** Whether this request falls in a short outage (SandboxOptions.outageMs). */
  inOutage?: () => boolean;
}

const UNAUTHENTICATED = 'Authentication credentials were not provided or are invalid or expired.';

const PROXY_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * POST /graphql/, checked in the order a Django stack would: the bearer token (401), the client's
 * rate limit (429), the media type (415), the JSON (400), the document (400), the scopes of the
 * root fields (403); then execution, whose errors come back with 200 beside the data.
 */
export function handleGraphQLRequest(req: IncomingMessage, res: ServerResponse, body: string, options: GraphQLEndpointOptions): void {
  const { faults } = options;
  if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'Use POST for /graphql/.' }] }, { allow: 'POST' });
  if (faults.has('proxy-502') || options.inOutage?.()) return sendText(res, 502, PROXY_502, 'text/html');
  if (faults.has('certificates-502') && /\bcertificates\b/.test(body)) return sendText(res, 502, PROXY_502, 'text/html');
  options.served.count += 1;
  if (faults.has('flapping-proxy-502') && options.served.count % 2 === 1) return sendText(res, 502, PROXY_502, 'text/html');

  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ? options.tokens.lookup(bearer) : undefined;
  if (!token || (token.expired && !faults.has('expired-tokens-accepted')) || faults.has('tokens-refused-by-graphql')) {
    const status = faults.has('unauthenticated-200') ? 200 : 401;
    return sendJson(res, status, authErrorBody(UNAUTHENTICATED), status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {});
  }

  const retryAfter = options.rateLimiter.take(token.clientId);
  if (retryAfter !== undefined) {
    return sendJson(
      res,
      429,
      { errors: [{ message: 'Too many requests for this API client.', extensions: { code: 'RATE_LIMITED' } }] },
      { 'retry-after': String(retryAfter) },
    );
  }

  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return sendJson(res, 415, { errors: [{ message: `Content-Type must be application/json, not ${contentType || 'missing'}.` }] });
  }

  let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    payload = JSON.parse(body) as typeof payload;
  } catch (error) {
    return sendJson(res, 400, { errors: [{ message: `Malformed JSON body: ${(error as Error).message}` }] });
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.query !== 'string') {
    return sendJson(res, 400, { errors: [{ message: 'The body must be a JSON object with a "query" string.' }] });
  }
  const variables = payload.variables ?? undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return sendJson(res, 400, { errors: [{ message: '"variables" must be a JSON object.' }] });
  }
  const operationName = typeof payload.operationName === 'string' ? payload.operationName : undefined;

  let checked: CheckedDocument;
  try {
    checked = checkedDocument(options.schema, payload.query);
  } catch (error) {
    return sendJson(res, 400, { errors: [(error as GraphQLError).toJSON()] });
  }
  const { document, validationErrors } = checked;
  if (validationErrors.length) return sendJson(res, 400, { errors: validationErrors.map((e) => e.toJSON()) });
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
    return sendJson(res, 400, { errors: [{ message }] });
  }
  if (operation.operation === 'subscription') return sendJson(res, 400, { errors: [{ message: 'Subscriptions are not supported.' }] });

  const rootFields = rootFieldNames(document, operation);
  if (!faults.has('scopes-not-enforced')) {
    const missing = missingScopes(rootFields, operation, token.scopes);
    if (missing.length) {
      const refused = missing.map(({ field }) => field);
      if (faults.has('scope-refusal-200')) {
        const data = Object.fromEntries(refused.map((field) => [field, null]));
        return sendJson(res, 200, {
          data,
          errors: missing.map(({ field, rule }) => ({
            message: `You do not have permission to perform this action: ${field} needs the scope ${describeRule(rule)}.`,
            path: [field],
            extensions: { code: 'PermissionDenied' },
          })),
        });
      }
      return sendJson(
        res,
        403,
        {
          errors: missing.map(({ field, rule }) => ({
            message: `You do not have permission to perform this action: ${field} needs the scope ${describeRule(rule)}.`,
            path: [field],
            extensions: { code: 'PermissionDenied' },
          })),
        },
        { 'www-authenticate': 'Bearer error="insufficient_scope"' },
      );
    }
  }

  const run = () => execute({ schema: options.schema, document, operationName, variableValues: variables as Record<string, unknown> | undefined });
  const sandboxError = (error: unknown) => sendJson(res, 500, { errors: [{ message: `Sandbox error: ${(error as Error).message}` }] });
  // An answer about the schema alone is the same for every sandbox of its SDL, and no fault below edits one (it has no users or connections).
  if (asksOnlyAboutTheSchema(rootFields)) {
    try {
      const answer = introspectionAnswer(options.schema, { query: payload.query, operationName, variables }, () => {
        const result = run();
        if (result instanceof Promise) throw new Error('an introspection query answered asynchronously');
        return result;
      });
      return sendText(res, 200, answer, JSON_CONTENT_TYPE);
    } catch (error) {
      return sandboxError(error);
    }
  }
  Promise.resolve(run())
    .then((result) => {
      const json = answerBody(result);
      if (faults.has('unknown-property') && json.data) addUnselectedProperty(json.data);
      // Past the schema's own serialisation, as a server bug would be: GraphQL would refuse both.
      if (faults.has('count-as-float') && json.data)
        editConnections(json.data, (connection) => typeof connection.count === 'number' && (connection.count += 0.5));
      if (faults.has('has-next-page-as-string') && json.data)
        editConnections(
          json.data,
          (connection) =>
            isObject(connection.pageInfo) &&
            'hasNextPage' in connection.pageInfo &&
            (connection.pageInfo.hasNextPage = String(connection.pageInfo.hasNextPage)),
        );
      sendJson(res, 200, json);
    })
    .catch(sandboxError);
}

/** Root fields of the operation whose scope the token lacks. */
function missingScopes(rootFields: ReadonlySet<string>, operation: OperationDefinitionNode, granted: ReadonlySet<string>) {
  const kind = operation.operation === 'mutation' ? 'mutation' : 'query';
  return [...rootFields].flatMap((field) => {
    const rule = scopeFor(kind, field);
    return rule && !satisfies(rule, granted) ? [{ field, rule }] : [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Apply an edit to every connection (an object with edges) in a response, however deep. */
function editConnections(value: unknown, edit: (connection: Record<string, unknown>) => unknown): void {
  if (Array.isArray(value)) return value.forEach((item) => editConnections(item, edit));
  if (!isObject(value)) return;
  if ('edges' in value) edit(value);
  Object.values(value).forEach((child) => editConnections(child, edit));
}

/** The unknown-property fault: user objects gain a property nobody selected. */
function addUnselectedProperty(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(addUnselectedProperty);
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  if ('email' in record) record.legacyUserId = 4242;
  Object.values(record).forEach(addUnselectedProperty);
}
