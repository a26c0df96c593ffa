import { CONNECTIONS, type ConnectionSpec } from '../paging/connections';
import { fetchPage, PAGE_SIZE, walkCursor, walkOffset } from '../paging/walk';
import { describeOutcome, type AuthMode } from '../pluvo/graphql-client';
import { CheckRecorder, DOCS, type CheckContext, type CheckResult, type ContractCheck } from './check';
import { expectPinned } from './pinned-behaviour';

/** A token with the connection's own scope when the run asks for it; else the check cannot run. */
function authFor(spec: ConnectionSpec, context: CheckContext): AuthMode | string {
  if (!context.config.scopes.includes(spec.scope)) return `${spec.field} needs ${spec.scope}, which PLUVO_SCOPES does not ask for.`;
  return { kind: 'token', scopes: [spec.scope] };
}

function pagingCheck(spec: ConnectionSpec, id: string, title: string, body: (recorder: CheckRecorder, auth: AuthMode, context: CheckContext) => Promise<void>): ContractCheck {
  return {
    id: `paging.${id}.${spec.field}`,
    area: 'paging',
    title: `${spec.field}: ${title}`,
    docs: DOCS.pagination,
    async run(context): Promise<CheckResult> {
      const recorder = new CheckRecorder();
      const auth = authFor(spec, context);
      if (typeof auth === 'string') return recorder.result(auth);
      await body(recorder, auth, context);
      return recorder.result();
    },
  };
}

/** Keys seen more than once, each named once. Linear: a 100,000-node walk must not go quadratic. */
function repeatedKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of keys) (seen.has(key) ? repeated : seen).add(key);
  return [...repeated];
}

function firstFifty(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'page-size', 'first: 50 gives at most 50 edges and a pageInfo', async (recorder, auth, { clients }) => {
    const { exchange, page, problem } = await fetchPage(clients.graphql, spec, auth, { first: PAGE_SIZE });
    recorder.record(exchange);
    if (!page) return recorder.fail(problem ?? 'no page');
    recorder.expect(page.edges.length <= PAGE_SIZE, `first: 50 gave ${page.edges.length} edges; the documented maximum is 50 (${DOCS.pagination}).`);
    recorder.expect(typeof page.hasNextPage === 'boolean', `pageInfo.hasNextPage should be a boolean; got ${JSON.stringify(page.hasNextPage)}.`);
  });
}

function overLimit(spec: ConnectionSpec): ContractCheck {
  const check = pagingCheck(spec, 'over-limit', 'first: 51 gets an error or exactly 50 edges, as pinned in the baseline', async (recorder, auth, context) => {
    const { exchange, page } = await fetchPage(context.clients.graphql, spec, auth, { first: PAGE_SIZE + 1 });
    recorder.record(exchange);
    const { outcome } = exchange;
    let observed: 'error' | 'clamp' | undefined;
    if (outcome.kind === 'graphql-errors' || (outcome.kind === 'http-status' && outcome.status === 400)) observed = 'error';
    else if (page && page.edges.length === PAGE_SIZE) observed = 'clamp';
    else if (page && typeof page.count === 'number' && page.count <= PAGE_SIZE) {
      recorder.info(`Only ${page.count} nodes exist, so a silent cap cannot be told from an honoured first: 51.`);
      return;
    }
    if (!observed) {
      const got = page ? `${page.edges.length} edges` : describeOutcome(outcome);
      return recorder.fail(`first: 51 should be refused with an error or cut to 50 edges (the cap is 50, ${DOCS.pagination}); got ${got}.`);
    }
    expectPinned(recorder, context, { key: `over-limit:${spec.field}`, what: 'first: 51', observed, describe: (value) => (value === 'error' ? 'an error' : 'a silent cap of 50') });
  });
  return { ...check, pinsBaseline: true };
}

function cursorWalk(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'cursor-walk', 'a full cursor walk visits every node once, matches count and ends', async (recorder, auth, { clients }) => {
    const walk = await walkCursor(clients.graphql, spec, auth);
    walk.exchanges.forEach((exchange) => recorder.record(exchange));
    walk.problems.forEach((problem) => recorder.fail(`The cursor walk broke: ${problem}.`));
    const duplicates = repeatedKeys(walk.keys);
    recorder.expect(duplicates.length === 0, `${duplicates.length} nodes came back more than once across pages (e.g. ${duplicates.slice(0, 3).join(', ')}); a sync would process them twice.`);
    recorder.expect(walk.largestPage <= PAGE_SIZE, `A page held ${walk.largestPage} edges; the maximum is ${PAGE_SIZE}.`);
    if (walk.problems.length === 0) {
      recorder.expect(walk.count === walk.keys.length, `count says ${JSON.stringify(walk.count)} but the walk found ${walk.keys.length} edges in ${walk.pages} pages.`);
      recorder.expect(walk.lastHasNextPage === false, `The last page should say hasNextPage: false; got ${JSON.stringify(walk.lastHasNextPage)}.`);
    }
  });
}

function offsetMatchesCursor(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'offset', 'offset paging returns the ids of the cursor walk, in the same order', async (recorder, auth, { clients }) => {
    const cursor = await walkCursor(clients.graphql, spec, auth);
    // The cursor walk's own faults are its check's business; here it is only the reference order.
    const unreadable = cursor.exchanges.find((exchange) => exchange.outcome.kind !== 'data');
    if (unreadable) {
      recorder.record(unreadable);
      return recorder.fail(`The cursor walk that offset paging is compared with failed: ${cursor.problems[0] ?? unreadable.outcome.kind}.`);
    }
    const reference = [...new Set(cursor.keys)];
    const offset = await walkOffset(clients.graphql, spec, auth, cursor.count);
    offset.exchanges.forEach((exchange) => recorder.record(exchange));
    offset.problems.forEach((problem) => recorder.fail(`Offset paging broke: ${problem}.`));
    const firstDifference = reference.findIndex((key, index) => offset.keys[index] !== key);
    const sameLength = offset.keys.length === reference.length;
    recorder.expect(
      firstDifference === -1 && sameLength,
      firstDifference !== -1
        ? `Offset paging and the cursor walk differ at position ${firstDifference}: ${offset.keys[firstDifference] ?? '(nothing)'} instead of ${reference[firstDifference]}.`
        : `Offset paging returned ${offset.keys.length} nodes; the cursor walk ${reference.length}.`,
    );
  });
}

export const PAGING_CHECKS: ContractCheck[] = CONNECTIONS.flatMap((spec) => [
  firstFifty(spec),
  overLimit(spec),
  cursorWalk(spec),
  ...(spec.offset ? [offsetMatchesCursor(spec)] : []),
]);
