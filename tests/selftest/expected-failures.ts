import type { FaultName } from '../../sandbox/faults';

/**
 * For each sandbox fault, the contract checks that must fail on it, and no others. Every row is
 * written out by hand from what the fault breaks and what each check sends, never derived from the
 * check catalogue: a new check is in a row only because someone placed it there. A fault whose
 * guarding check does not exist yet is `pending`, with the issue that will add it.
 */
export type Expectation =
  | { fails: readonly string[]; degrades?: readonly string[] }
  | { pending: string }
  /** A fault whose failures depend on the order requests arrive in: here every failure must read as trouble, never as a broken contract; its verdict is shown end to end. */
  | { flaps: string };

export const CONNECTIONS = ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'portfolioReport', 'certificates'];
/** The connections the docs give offset; certificates has none. */
export const WITH_OFFSET = ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'portfolioReport'];
/** The connections with more than 50 nodes on the 137-user sandbox: paginatedGroups has 23, one page. */
export const LONGER_THAN_A_PAGE = ['paginatedUsers', 'paginatedTrainings', 'portfolioReport', 'certificates'];
const paging = (kind: 'page-size' | 'over-limit' | 'cursor-walk' | 'offset', connections: readonly string[]) =>
  connections.map((connection) => `paging.${kind}.${connection}`);

/** Our operations (contracts/), and which of them select what. */
const OPERATIONS = ['UsersPage', 'UserByRef', 'TrainingsPage', 'GroupsWithMembers', 'OffersWithEvents', 'Certificates', 'PortfolioReport'];
const SELECTING_USER_EMAIL = ['UsersPage', 'UserByRef', 'TrainingsPage', 'GroupsWithMembers', 'OffersWithEvents', 'PortfolioReport'];
const SELECTING_USER_NAME = ['UsersPage', 'UserByRef', 'GroupsWithMembers', 'PortfolioReport'];
const SELECTING_USER_CONNECTION_COUNT = ['UsersPage', 'GroupsWithMembers'];
/** The operations that select a connection's count (UserByRef and OffersWithEvents select none). */
const SELECTING_COUNT = ['UsersPage', 'TrainingsPage', 'GroupsWithMembers', 'Certificates', 'PortfolioReport'];
const shape = (kind: 'valid' | 'response', operations: readonly string[]) => operations.map((name) => `shape.${kind}.${name}`);

/** The checks that only talk to the token endpoint, and the two slash redirects. */
const TOKEN_ENDPOINT = ['auth.token-issued', 'auth.token-lifetime', 'auth.no-refresh-token', 'auth.wrong-secret-rejected', 'auth.unsupported-grant-rejected'];
const REDIRECTS = ['transport.graphql-slash-redirect', 'transport.token-slash-redirect'];
/** The checks that send GraphQL without a valid token, and want 401. */
const UNAUTHENTICATED = ['auth.missing-token-401', 'auth.invalid-token-401', 'auth.expired-token-401'];
/** Every check that sends GraphQL with a valid token (the shape.valid checks through the introspection they share). */
const WITH_TOKEN = [
  'auth.scope-enforced',
  'transport.first-request',
  ...paging('page-size', CONNECTIONS),
  ...paging('over-limit', CONNECTIONS),
  ...paging('cursor-walk', CONNECTIONS),
  ...paging('offset', WITH_OFFSET),
  'schema.drift',
  'schema.deprecations',
  ...shape('valid', OPERATIONS),
  ...shape('response', OPERATIONS),
];
/** Every check that reads paginatedUsers with a valid token. */
const USERS_READERS = [
  'auth.scope-enforced',
  'transport.first-request',
  'paging.page-size.paginatedUsers',
  'paging.cursor-walk.paginatedUsers',
  'paging.offset.paginatedUsers',
];

export const EXPECTED: Record<FaultName, Expectation> = {
  'no-slash-redirect': { fails: REDIRECTS },
  'unauthenticated-200': { fails: UNAUTHENTICATED },
  'expired-tokens-accepted': { fails: ['auth.expired-token-401'] },
  'scopes-not-enforced': { fails: ['auth.scope-enforced'] },
  // The sandbox's pinned refusal is 403; a change of style is reported, not silently accepted.
  'scope-refusal-200': { fails: ['auth.scope-enforced'] },
  'wrong-secret-accepted': { fails: ['auth.wrong-secret-rejected'] },
  'any-grant-accepted': { fails: ['auth.unsupported-grant-rejected'] },
  // OffersWithEvents needs events.read, the scope that goes missing.
  'scope-narrowed': { fails: ['auth.token-issued', 'shape.response.OffersWithEvents'] },
  'expires-in-changed': { fails: ['auth.token-lifetime'] },
  'refresh-token-issued': { fails: ['auth.no-refresh-token'] },
  // Every request with a token is refused: a broken auth contract each time, never "unavailable".
  // The 401 checks send no valid token and still get their 401.
  'tokens-refused-by-graphql': { fails: WITH_TOKEN },
  'grant-error-code-wrong': { fails: ['auth.unsupported-grant-rejected'] },
  'token-type-lowercase': { fails: [] },
  // Only connections with more than 50 nodes can show a cap.
  'page-cap-off': { fails: paging('over-limit', LONGER_THAN_A_PAGE) },
  'page-cap-clamps': { fails: paging('over-limit', LONGER_THAN_A_PAGE) },
  // A 51st edge wherever one exists: the first page of each longer list, each cursor walk's pages,
  // and each sampled offset window (paginatedGroups, 23 nodes, has no 51st).
  'page-overfull': {
    fails: [
      ...paging('page-size', LONGER_THAN_A_PAGE),
      ...paging('cursor-walk', LONGER_THAN_A_PAGE),
      ...paging('offset', ['paginatedUsers', 'paginatedTrainings', 'portfolioReport']),
    ],
  },
  // Every page is read with hasNextPage: the page-size checks see the type, the walks stop after
  // the first page or see a last page that does not say false, and the two shapes that select it.
  'has-next-page-as-string': {
    fails: [
      ...paging('page-size', CONNECTIONS),
      ...paging('cursor-walk', CONNECTIONS),
      ...paging('offset', WITH_OFFSET),
      'shape.response.UsersPage',
      'shape.response.Certificates',
    ],
  },
  // A short list (paginatedGroups) must come whole; a long one cut to 50 or refused.
  'over-limit-empty': { fails: paging('over-limit', CONNECTIONS) },
  // count must be a whole number: for the first request, every walk's plan, every shape that selects one.
  'count-as-float': {
    fails: ['transport.first-request', ...paging('cursor-walk', CONNECTIONS), ...paging('offset', WITH_OFFSET), ...shape('response', SELECTING_COUNT)],
  },
  // Sampled paging (the default): the cursor pages repeat a node wherever a second page exists
  // (paginatedGroups has one page), and so does each offset window's cursor continuation.
  'duplicate-node-across-pages': {
    fails: [...paging('cursor-walk', LONGER_THAN_A_PAGE), ...paging('offset', ['paginatedUsers', 'paginatedTrainings', 'portfolioReport'])],
  },
  // The end of every list by offset; the cursor walks that reach the end within their 3 pages
  // (portfolioReport has 4, and certificates, without offset, has 10 of the budget).
  'wrong-count': {
    fails: [...paging('cursor-walk', ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'certificates']), ...paging('offset', WITH_OFFSET)],
  },
  // A walk that would never end is stopped where count says it must end: the same checks.
  'has-next-page-stuck': {
    fails: [...paging('cursor-walk', ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'certificates']), ...paging('offset', WITH_OFFSET)],
  },
  // offset: count - 1 must hold one node; with offset ignored it holds the first page.
  'offset-ignored': { fails: paging('offset', WITH_OFFSET) },
  'redirect-to-other-host': { fails: REDIRECTS },
  // UserByRef takes its $ref from UsersPage's response, so it fails with it.
  'graphql-errors-200': { fails: [...USERS_READERS, ...shape('response', ['UsersPage', 'UserByRef'])] },
  // Only the requests that read certificates get the 502, through every confirmation: those few
  // checks fail while the rest of the API answers (the run's triage calls it their contract's failure).
  'certificates-502': {
    fails: [
      ...paging('page-size', ['certificates']),
      ...paging('over-limit', ['certificates']),
      ...paging('cursor-walk', ['certificates']),
      'shape.response.Certificates',
    ],
  },
  // Every GraphQL request, with a token or without: the API did not answer (read as trouble).
  'proxy-502': { fails: [...WITH_TOKEN, ...UNAUTHENTICATED] },
  'flapping-proxy-502': { flaps: 'with retries the run is flaky, not failed, and does not alert (tests/selftest/verdicts.spec.ts)' },
  // Every response 3 s late: each check that sends a request of its own is degraded (p95 at or
  // over 2 s), and none fails. The shape.valid checks validate against the schema the schema
  // checks fetched, so they send nothing and stay as they were.
  'slow-responses': {
    fails: [],
    degrades: [...TOKEN_ENDPOINT, ...REDIRECTS, ...UNAUTHENTICATED, ...WITH_TOKEN.filter((id) => !id.startsWith('shape.valid.'))],
  },
  'field-removed': { fails: ['transport.first-request', ...shape('valid', SELECTING_USER_EMAIL), ...shape('response', SELECTING_USER_EMAIL), 'schema.drift'] },
  // Paging needs count to be a whole number: the first request and paginatedUsers' walks say so.
  'count-as-string': {
    fails: [
      'transport.first-request',
      'paging.cursor-walk.paginatedUsers',
      'paging.offset.paginatedUsers',
      ...shape('response', SELECTING_USER_CONNECTION_COUNT),
      'schema.drift',
    ],
  },
  'null-in-non-null': { fails: [...shape('response', SELECTING_USER_NAME), 'schema.drift'] },
  // Every response still holds an email, so only the drift can see the promise loosen; the
  // description added in the same release must not hide it.
  'described-and-nullable': { fails: ['schema.drift'] },
  'malformed-email': { fails: shape('response', SELECTING_USER_EMAIL) },
  // Only UsersPage's second page holds that user among the users; it is a member or participant
  // on the first page of groups and trainings too.
  'bad-user-on-second-page': { fails: shape('response', ['UsersPage', 'TrainingsPage', 'GroupsWithMembers']) },
  'certificate-title-removed': { fails: ['shape.valid.Certificates', 'shape.response.Certificates', 'schema.drift'] },
  // Every operation that selects a user selects its id.
  'malformed-uuid': { fails: shape('response', SELECTING_USER_EMAIL) },
  'unknown-property': { fails: shape('response', SELECTING_USER_EMAIL) },
  // UsersPage passes archived; UserByRef takes its $ref from UsersPage.
  'argument-removed': { fails: ['shape.valid.UsersPage', ...shape('response', ['UsersPage', 'UserByRef']), 'schema.drift'] },
  // No response holds DE any more, and no operation of ours sends DE: every one still validates and
  // sends the same values (graphql-js agrees), so the drift warns ("breaking, but the live schema
  // still accepts what … sends") and pages nobody.
  'enum-value-removed': { fails: [] },
  // The shape checks only warn about the deprecated field; the radar fails on a new one we use.
  'deprecated-field-in-use': { fails: ['schema.deprecations'] },
  'deprecation-without-alternative': { fails: ['schema.deprecations'] },
  'field-added': { fails: [] },
  'description-changed': { fails: [] },
  'optional-argument-added': { fails: [] },
};
