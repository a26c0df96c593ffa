import pLimit from 'p-limit';
import { shown } from '../text/shown';
import type { TimeBudget } from '../pluvo/budget';
import { describeOutcome, isRecord, problemOf, type AuthMode, type GraphQLClient, type GraphQLExchange } from '../pluvo/graphql-client';
import { contractProblem, type Problem } from '../pluvo/cause';
import { pageQuery, type ConnectionSpec } from './connections';
import type { Progress } from './progress';
import { counted } from '../text/counted';

export const PAGE_SIZE = 50;
/** With no usable count, no walk goes past this many pages (100,000 nodes). */
const NO_COUNT_PAGE_LIMIT = 2_000;
/** Exchanges kept for the report: the first pages, and every page with a problem. */
const PAGES_KEPT = 2;

export interface Page {
  edges: Array<{ cursor: unknown; node: Record<string, unknown> }>;
  hasNextPage: unknown;
  endCursor: unknown;
  count: unknown;
}

/** One page as a walk read it: where it started, the count it reported, the nodes it held. */
export interface PageRead {
  /** The cursor it continued from (a cursor walk's page); absent for the first page. */
  after?: string;
  /** The offset it was asked at (an offset walk's page). */
  offset?: number;
  keys: string[];
  count: unknown;
  hasNextPage: unknown;
}

export interface WalkResult {
  pages: PageRead[];
  largestPage: number;
  /** count as the first page reported it. */
  count: unknown;
  lastHasNextPage: unknown;
  /** A page said hasNextPage: false (or nothing usable): the walk reached the end of the list. */
  ended: boolean;
  /** Why the walk could not be trusted or had to stop. Empty when it ran to its end or its page cap. */
  problems: Problem[];
  exchanges: GraphQLExchange[];
}

export interface WalkOptions {
  /** Stop quietly after this many pages (a sampled walk); the end of the list is then not reached. */
  maxPages?: number;
  /** Continue from this cursor instead of the start (a re-check of one window). */
  after?: string;
  budget?: TimeBudget;
  /** Says how far the walk is, on long walks. */
  progress?: Progress;
  /** The first page (first: 50, from the start), when another check of the run asked for it already. */
  firstPage?: () => Promise<PageFetch>;
}

/** A page read: the connection, or the problem that kept it from being read. */
export type PageFetch = { exchange: GraphQLExchange; page: Page; problem?: undefined } | { exchange: GraphQLExchange; page?: undefined; problem: Problem };

/** Read one page: the connection or a problem, never a throw. */
export async function fetchPage(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, variables: Record<string, unknown>): Promise<PageFetch> {
  const exchange = await client.execute({ query: pageQuery(spec), variables, operationName: 'Page' }, auth);
  if (exchange.outcome.kind !== 'data')
    return { exchange, problem: problemOf(exchange.outcome, `${spec.field}(${JSON.stringify(variables)}) failed: ${describeOutcome(exchange.outcome)}`) };
  const connection = exchange.outcome.data[spec.field];
  if (!isRecord(connection) || !Array.isArray(connection.edges) || !isRecord(connection.pageInfo)) {
    return { exchange, problem: contractProblem(`${spec.field} did not answer with a connection (edges and pageInfo): ${shown(connection)}`) };
  }
  const edges = connection.edges.filter(isRecord).map((edge) => ({ cursor: edge.cursor, node: isRecord(edge.node) ? edge.node : {} }));
  return { exchange, page: { edges, hasNextPage: connection.pageInfo.hasNextPage, endCursor: connection.pageInfo.endCursor, count: connection.count } };
}

export function isCount(count: unknown): count is number {
  return Number.isInteger(count) && (count as number) >= 0;
}

/** Pages a list of `count` nodes can have, plus one of slack; a walk past it would not end. */
function pagesAllowed(count: unknown): number {
  return isCount(count) ? Math.ceil(count / PAGE_SIZE) + 1 : NO_COUNT_PAGE_LIMIT;
}

export function walkKeys(walk: Pick<WalkResult, 'pages'>): string[] {
  return walk.pages.flatMap((page) => page.keys);
}

/** Every count the walk's pages reported, in order; more than one distinct value means the data changed under it. */
export function countsSeen(pages: readonly Pick<PageRead, 'count'>[]): unknown[] {
  return [...new Set(pages.map((page) => page.count))];
}

function emptyWalk(): WalkResult {
  return { pages: [], largestPage: 0, count: undefined, lastHasNextPage: undefined, ended: false, problems: [], exchanges: [] };
}

/**
 * Follow endCursor until hasNextPage is false (or the page cap), with guards against a walk that
 * would not end: a repeated cursor, hasNextPage on an empty page, hasNextPage after count nodes,
 * or more pages than count allows. The limit follows the latest count, so an organisation that
 * grows during a long walk does not trip it.
 */
export async function walkCursor(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, options: WalkOptions = {}): Promise<WalkResult> {
  try {
    return await cursorWalk(client, spec, auth, options);
  } finally {
    options.progress?.finish();
  }
}

async function cursorWalk(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, options: WalkOptions): Promise<WalkResult> {
  const result = emptyWalk();
  const seenCursors = new Set<string>();
  const seenKeys = new Set<string>();
  let after = options.after;
  for (;;) {
    if (options.budget?.exceeded()) {
      result.problems.push(options.budget.problem(counted(result.pages.length, 'page')));
      return result;
    }
    const { exchange, page, problem } =
      // Without a cursor, only the first page is asked for: every page after it follows one.
      !after && options.firstPage ? await options.firstPage() : await fetchPage(client, spec, auth, { first: PAGE_SIZE, ...(after ? { after } : {}) });
    // The report keeps the first pages, and the page where the walk ended or stopped, each once.
    let kept = false;
    const keep = () => {
      if (!kept) result.exchanges.push(exchange);
      kept = true;
    };
    if (result.pages.length < PAGES_KEPT || problem) keep();
    if (!page) {
      result.problems.push(problem);
      return result;
    }
    const keys = page.edges.map((edge) => spec.key(edge.node));
    result.pages.push({ ...(after ? { after } : {}), keys, count: page.count, hasNextPage: page.hasNextPage });
    keys.forEach((key) => seenKeys.add(key));
    const pages = result.pages.length;
    if (pages === 1) {
      result.count = page.count;
      options.budget?.plan(Math.min(options.maxPages ?? Infinity, pagesAllowed(page.count)), exchange.durationMs);
      const planned = Math.min(options.maxPages ?? Infinity, isCount(page.count) ? Math.ceil(page.count / PAGE_SIZE) : Infinity);
      options.progress?.plan(Number.isFinite(planned) ? planned : undefined, `${shown(page.count)} nodes by cursor`);
    }
    options.progress?.step(pages);
    result.largestPage = Math.max(result.largestPage, page.edges.length);
    result.lastHasNextPage = page.hasNextPage;
    if (page.hasNextPage !== true) {
      result.ended = true;
      keep();
      return result;
    }
    const cursor = typeof page.endCursor === 'string' ? page.endCursor : undefined;
    const stop = (why: string) => {
      keep();
      result.problems.push(contractProblem(why));
      return result;
    };
    if (!cursor || page.edges.length === 0)
      return stop(`page ${pages} says hasNextPage but has ${counted(page.edges.length, 'edge')} and endCursor ${shown(page.endCursor)}: the walk cannot go on`);
    if (seenCursors.has(cursor)) return stop(`page ${pages} repeats endCursor ${cursor}: the walk would loop`);
    if (isCount(page.count) && seenKeys.size >= page.count && page.count > 0) {
      return stop(`page ${pages} says hasNextPage although all ${page.count} nodes that count announces have been seen`);
    }
    const allowed = pagesAllowed(page.count);
    if (pages >= allowed)
      return stop(`stopped after ${counted(pages, 'page')} with hasNextPage still true; count ${shown(page.count)} allows at most ${allowed}`);
    if (pages >= (options.maxPages ?? Number.POSITIVE_INFINITY)) return result;
    seenCursors.add(cursor);
    after = cursor;
  }
}

/**
 * Offset paging over the whole list: with a usable count, every page (offset 0, 50, …) is asked
 * for at once and the run's concurrency bound spreads them; without one, page by page until a
 * short page. Whether the pages agree with count and the cursor walk is the caller's judgement.
 */
export async function walkOffset(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, count: unknown, options: WalkOptions = {}): Promise<WalkResult> {
  try {
    return await offsetWalk(client, spec, auth, count, options);
  } finally {
    options.progress?.finish();
  }
}

async function offsetWalk(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, count: unknown, options: WalkOptions): Promise<WalkResult> {
  if (!isCount(count)) return walkOffsetSequentially(client, spec, auth, count, options);
  const result = emptyWalk();
  result.count = count;
  const offsets = Array.from({ length: Math.floor(count / PAGE_SIZE) + 1 }, (_, i) => i * PAGE_SIZE);
  options.budget?.plan(offsets.length, 0, 1);
  options.progress?.plan(offsets.length, `${count} nodes by offset, pages in parallel`);
  let read = 0;
  // No more of the walk's pages waiting at the target's bound than it lets through at once: other
  // checks running beside this one (src/engine/engine.ts) then wait behind a few of its pages, not thousands.
  const queued = pLimit(client.concurrency);
  const reads = await Promise.all(
    offsets.map((offset) =>
      queued(async () => {
        if (options.budget?.exceeded()) return { offset, page: undefined, problem: options.budget.problem(`offset ${offset}`) };
        const fetched = await fetchPage(client, spec, auth, { first: PAGE_SIZE, offset });
        options.progress?.step(++read);
        return { offset, ...fetched };
      }),
    ),
  );
  for (const [index, read] of reads.entries()) {
    if ('exchange' in read && (index < PAGES_KEPT || read.problem)) result.exchanges.push(read.exchange);
    const { page } = read;
    if (!page) {
      result.problems.push(read.problem);
      continue;
    }
    result.pages.push({ offset: read.offset, keys: page.edges.map((edge) => spec.key(edge.node)), count: page.count, hasNextPage: page.hasNextPage });
    result.largestPage = Math.max(result.largestPage, page.edges.length);
  }
  result.ended = result.problems.length === 0;
  return result;
}

async function walkOffsetSequentially(client: GraphQLClient, spec: ConnectionSpec, auth: AuthMode, count: unknown, options: WalkOptions): Promise<WalkResult> {
  const result = emptyWalk();
  result.count = count;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    if (options.budget?.exceeded()) {
      result.problems.push(options.budget.problem(counted(result.pages.length, 'page')));
      return result;
    }
    const { exchange, page, problem } = await fetchPage(client, spec, auth, { first: PAGE_SIZE, offset });
    if (result.pages.length < PAGES_KEPT || problem) result.exchanges.push(exchange);
    if (!page) {
      result.problems.push(problem);
      return result;
    }
    result.pages.push({ offset, keys: page.edges.map((edge) => spec.key(edge.node)), count: page.count, hasNextPage: page.hasNextPage });
    result.largestPage = Math.max(result.largestPage, page.edges.length);
    options.progress?.step(result.pages.length);
    if (page.edges.length < PAGE_SIZE) {
      result.ended = true;
      return result;
    }
    if (result.pages.length >= NO_COUNT_PAGE_LIMIT) {
      result.problems.push(
        contractProblem(`offset paging still returned full pages after ${counted(result.pages.length, 'page')}, and count ${shown(count)} gives no end`),
      );
      return result;
    }
  }
}
