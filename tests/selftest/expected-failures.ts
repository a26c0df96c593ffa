import type { FaultName } from '../../sandbox/faults';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';

/**
 * For each sandbox fault, the contract checks that must fail on it, and no others. A fault whose
 * guarding check does not exist yet is `pending`, with the issue that will add it.
 */
export type Expectation =
  | { fails: readonly string[]; degrades?: readonly string[] }
  | { pending: string }
  /** A fault whose failures depend on the order requests arrive in: here every failure must read as trouble, never as a broken contract; its verdict is shown end to end. */
  | { flaps: string };

const connections = ['paginatedUsers', 'paginatedTrainings', 'paginatedGroups', 'portfolioReport', 'certificates'];
const withOffset = connections.filter((c) => c !== 'certificates');
const paging = (kind: string, list = connections) => list.map((c) => `paging.${kind}.${c}`);

/** Checks that never touch /graphql/: the token endpoint and the slash redirects. */
const OFF_GRAPHQL = new Set([
  'auth.token-issued',
  'auth.token-lifetime',
  'auth.no-refresh-token',
  'auth.wrong-secret-rejected',
  'auth.unsupported-grant-rejected',
  'transport.graphql-slash-redirect',
  'transport.token-slash-redirect',
]);

/** Every check that reads paginatedUsers with a valid token. */
const USERS_READERS = ['auth.scope-enforced', 'transport.first-request', 'paging.page-size.paginatedUsers', 'paging.cursor-walk.paginatedUsers', 'paging.offset.paginatedUsers'];

/** Our operations (contracts/) by what they select. */
const SELECTING_USER_EMAIL = ['UsersPage', 'UserByRef', 'TrainingsPage', 'GroupsWithMembers', 'OffersWithEvents', 'PortfolioReport'];
const SELECTING_USER_NAME = ['UsersPage', 'UserByRef', 'GroupsWithMembers', 'PortfolioReport'];
const SELECTING_USER_CONNECTION_COUNT = ['UsersPage', 'GroupsWithMembers'];
const shape = (kind: 'valid' | 'response', operations: readonly string[]) => operations.map((name) => `shape.${kind}.${name}`);

export const EXPECTED: Record<FaultName, Expectation> = {
  'no-slash-redirect': { fails: ['transport.graphql-slash-redirect', 'transport.token-slash-redirect'] },
  'unauthenticated-200': { fails: ['auth.missing-token-401', 'auth.invalid-token-401', 'auth.expired-token-401'] },
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
  'token-type-lowercase': { fails: [] },
  // Only connections with more than 50 nodes can show a cap; paginatedGroups has 23.
  'page-cap-off': { fails: paging('over-limit').filter((id) => !id.endsWith('paginatedGroups')) },
  'page-cap-clamps': { fails: paging('over-limit').filter((id) => !id.endsWith('paginatedGroups')) },
  // Sampled paging (the default): the cursor pages repeat a node wherever a second page exists
  // (paginatedGroups has one page), and so does each offset window's cursor continuation.
  'duplicate-node-across-pages': {
    fails: [
      'paging.cursor-walk.certificates',
      'paging.cursor-walk.paginatedTrainings',
      'paging.cursor-walk.paginatedUsers',
      'paging.cursor-walk.portfolioReport',
      'paging.offset.paginatedTrainings',
      'paging.offset.paginatedUsers',
      'paging.offset.portfolioReport',
    ],
  },
  // The end of every list by offset; the cursor walks that reach the end within their 3 pages
  // (portfolioReport has 4, and certificates, without offset, has 10 of the budget).
  'wrong-count': {
    fails: [
      'paging.cursor-walk.certificates',
      'paging.cursor-walk.paginatedGroups',
      'paging.cursor-walk.paginatedTrainings',
      'paging.cursor-walk.paginatedUsers',
      ...paging('offset', withOffset),
    ],
  },
  'has-next-page-stuck': {
    fails: [
      'paging.cursor-walk.certificates',
      'paging.cursor-walk.paginatedGroups',
      'paging.cursor-walk.paginatedTrainings',
      'paging.cursor-walk.paginatedUsers',
      ...paging('offset', withOffset),
    ],
  },
  // offset: count - 1 must hold one node; with offset ignored it holds the first page.
  'offset-ignored': { fails: paging('offset', withOffset) },
  // UserByRef takes its $ref from UsersPage's response, so it fails with it.
  'graphql-errors-200': { fails: [...USERS_READERS, ...shape('response', ['UsersPage', 'UserByRef'])] },
  'proxy-502': { fails: CONTRACT_CHECKS.map((check) => check.id).filter((id) => !OFF_GRAPHQL.has(id)) },
  // Every response 3 s late: each check that sends a request of its own is degraded (p95 at or over
  // 2 s), and none fails. The shape.valid checks validate against the schema the schema checks
  // fetched, so they send nothing and stay as they were.
  'flapping-proxy-502': { flaps: 'with retries the run is flaky, not failed, and does not alert (tests/selftest/verdicts.spec.ts)' },
  'slow-responses': { fails: [], degrades: CONTRACT_CHECKS.map((check) => check.id).filter((id) => !id.startsWith('shape.valid.')) },
  'field-removed': { fails: ['transport.first-request', ...shape('valid', SELECTING_USER_EMAIL), ...shape('response', SELECTING_USER_EMAIL), 'schema.drift'] },
  // Paging needs count to be a whole number: the cursor walk says so, and the offset check cannot plan without it.
  'count-as-string': { fails: ['transport.first-request', 'paging.cursor-walk.paginatedUsers', 'paging.offset.paginatedUsers', ...shape('response', SELECTING_USER_CONNECTION_COUNT), 'schema.drift'] },
  'null-in-non-null': { fails: [...shape('response', SELECTING_USER_NAME), 'schema.drift'] },
  'malformed-email': { fails: shape('response', SELECTING_USER_EMAIL) },
  // Every operation that selects a user selects its id.
  'malformed-uuid': { fails: shape('response', SELECTING_USER_EMAIL) },
  'unknown-property': { fails: shape('response', SELECTING_USER_EMAIL) },
  // UsersPage passes archived; UserByRef takes its $ref from UsersPage.
  'argument-removed': { fails: ['shape.valid.UsersPage', ...shape('response', ['UsersPage', 'UserByRef']), 'schema.drift'] },
  // No response holds DE any more, so only the drift check can see it go.
  'enum-value-removed': { fails: ['schema.drift'] },
  // The shape checks only warn about the deprecated field; the radar fails on a new one we use.
  'deprecated-field-in-use': { fails: ['schema.deprecations'] },
  'deprecation-without-alternative': { fails: ['schema.deprecations'] },
  'field-added': { fails: [] },
  'description-changed': { fails: [] },
  'optional-argument-added': { fails: [] },
};
