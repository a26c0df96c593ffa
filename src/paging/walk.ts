import { describeOutcome, isRecord, type AuthMode, type GraphQLClient, type GraphQLExchange } from '../pluvo/graphql-client';
import { pageQuery, type ConnectionSpec } from './connections';

export const PAGE_SIZE = 50;
/** With no usable count, no walk goes past this many pages (100,000 nodes). */
const HARD_PAGE_LIMIT = 2_000;
/** Exchanges kept for the report: the first pages, and every page with a problem. */
const PAGES_KEPT = 2;

export interface Page {
  edges: Array<{ cursor: unknown; node: Record<string, unknown> }>;
  hasNextPage: unknown;
  endCursor: unknown;
  count: unknown;
}

export interface WalkResult {
  keys: string[];
  pages: number;
  largestPage: number;
  /** count as the first page reported it. */
  count: unknown;
  lastHasNextPage: unknown;
  /** Why the walk could not be trusted or had to stop. Empty when it ran to its natural end. */
  problems: string[];
  exchanges: GraphQLExchange[];
}

/** Read one page: the connection or a problem, never a throw. */
export async function fetchPage(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, variables: Record<string, unknown>): Promise<{ exchange: GraphQLExchange; page?: Page; problem?: string }> {
  const exchange = await client.execute({ query: pageQuery(spec), variables, operationName: 'Page' }, auth);
  if (exchange.outcome.kind !== 'data') return { exchange, problem: `${spec.field}(${JSON.stringify(variables)}) failed: ${describeOutcome(exchange.outcome)}` };
  const connection = exchange.outcome.data[spec.field];
  if (!isRecord(connection) || !Array.isArray(connection.edges) || !isRecord(connection.pageInfo)) {
    return { exchange, problem: `${spec.field} did not answer with a connection (edges and pageInfo): ${JSON.stringify(connection)?.slice(0, 200)}` };
  }
  const edges = connection.edges.filter(isRecord).map((edge) => ({ cursor: edge.cursor, node: isRecord(edge.node) ? edge.node : {} }));
  return { exchange, page: { edges, hasNextPage: connection.pageInfo.hasNextPage, endCursor: connection.pageInfo.endCursor, count: connection.count } };
}

function pageLimit(count: unknown): number {
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? Math.min(HARD_PAGE_LIMIT, Math.ceil(count / PAGE_SIZE) + 1) : HARD_PAGE_LIMIT;
}

/**
 * Follow endCursor until hasNextPage is false, with guards against a walk that would not end:
 * a repeated cursor, hasNextPage on an empty page, or more pages than count allows.
 */
export async function walkCursor(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode): Promise<WalkResult> {
  const result: WalkResult = { keys: [], pages: 0, largestPage: 0, count: undefined, lastHasNextPage: undefined, problems: [], exchanges: [] };
  const seenCursors = new Set<string>();
  let after: string | undefined;
  let limit = HARD_PAGE_LIMIT;
  for (;;) {
    const { exchange, page, problem } = await fetchPage(client, spec, auth, { first: PAGE_SIZE, ...(after ? { after } : {}) });
    if (result.pages < PAGES_KEPT || problem) result.exchanges.push(exchange);
    if (!page) {
      result.problems.push(problem ?? 'no page');
      return result;
    }
    result.pages += 1;
    if (result.pages === 1) {
      result.count = page.count;
      limit = pageLimit(page.count);
    }
    result.largestPage = Math.max(result.largestPage, page.edges.length);
    result.keys.push(...page.edges.map((edge) => spec.key(edge.node)));
    result.lastHasNextPage = page.hasNextPage;
    if (page.hasNextPage !== true) {
      if (result.pages > 1 || page.edges.length) result.exchanges.push(exchange);
      return result;
    }
    const cursor = typeof page.endCursor === 'string' ? page.endCursor : undefined;
    if (!cursor || page.edges.length === 0) {
      result.exchanges.push(exchange);
      result.problems.push(`page ${result.pages} says hasNextPage but has ${page.edges.length} edges and endCursor ${JSON.stringify(page.endCursor)}: the walk cannot go on`);
      return result;
    }
    if (seenCursors.has(cursor)) {
      result.exchanges.push(exchange);
      result.problems.push(`page ${result.pages} repeats endCursor ${cursor}: the walk would loop`);
      return result;
    }
    if (result.pages >= limit) {
      result.exchanges.push(exchange);
      result.problems.push(`stopped after ${result.pages} pages with hasNextPage still true; count ${JSON.stringify(result.count)} allows at most ${limit}`);
      return result;
    }
    seenCursors.add(cursor);
    after = cursor;
  }
}

/** Walk with offset instead of cursors: offset 0, 50, 100… until a short page. */
export async function walkOffset(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, count: unknown): Promise<WalkResult> {
  const result: WalkResult = { keys: [], pages: 0, largestPage: 0, count, lastHasNextPage: undefined, problems: [], exchanges: [] };
  const limit = pageLimit(count);
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const { exchange, page, problem } = await fetchPage(client, spec, auth, { first: PAGE_SIZE, offset });
    if (result.pages < PAGES_KEPT || problem) result.exchanges.push(exchange);
    if (!page) {
      result.problems.push(problem ?? 'no page');
      return result;
    }
    result.pages += 1;
    result.largestPage = Math.max(result.largestPage, page.edges.length);
    result.keys.push(...page.edges.map((edge) => spec.key(edge.node)));
    if (page.edges.length < PAGE_SIZE) return result;
    if (result.pages >= limit) {
      result.problems.push(`offset paging still returned full pages after ${result.pages} pages; count ${JSON.stringify(count)} allows at most ${limit}`);
      return result;
    }
  }
}
