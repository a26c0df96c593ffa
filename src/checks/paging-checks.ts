import { CONNECTIONS, type ConnectionSpec } from '../paging/connections';
import { fetchPage, PAGE_SIZE } from '../paging/walk';
import { describeOutcome } from '../pluvo/graphql-client';
import { DOCS, type ContractCheck } from './check';
import { cursorWalkCheck } from './cursor-walk-check';
import { offsetCheck } from './offset-check';
import { firstPage, pagingCheck } from './paging-check';
import { expectPinned } from './pinned-behaviour';
import { counted } from '../text/counted';

function firstFifty(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'page-size', 'first: 50 gives at most 50 edges and a pageInfo', async (run) => {
    const { recorder } = run;
    const { exchange, page, problem } = await firstPage(spec, run);
    recorder.record(exchange);
    if (!page) return recorder.failProblem(problem);
    recorder.expect(page.edges.length <= PAGE_SIZE, `first: 50 gave ${page.edges.length} edges; the documented maximum is 50 (${DOCS.pagination}).`);
    recorder.expect(typeof page.hasNextPage === 'boolean', `pageInfo.hasNextPage should be a boolean; got ${JSON.stringify(page.hasNextPage)}.`);
  });
}

function overLimit(spec: ConnectionSpec): ContractCheck {
  const check = pagingCheck(
    spec,
    'over-limit',
    'first: 51 gets an error or exactly 50 edges, as pinned in the baseline',
    async ({ recorder, auth, context }) => {
      const { exchange, page } = await fetchPage(context.clients.graphql, spec, auth, { first: PAGE_SIZE + 1 });
      recorder.record(exchange);
      const { outcome } = exchange;
      let observed: 'error' | 'clamp' | undefined;
      if (outcome.kind === 'graphql-errors' || (outcome.kind === 'http-status' && outcome.status === 400)) observed = 'error';
      else if (page && page.edges.length === PAGE_SIZE) observed = 'clamp';
      else if (page && typeof page.count === 'number' && page.count <= PAGE_SIZE) {
        // Cap or no cap, a list this short fits on the page whole.
        if (
          recorder.expect(
            page.edges.length === page.count,
            `first: 51 on a list of ${page.count} nodes should give all ${page.count} (or an error); got ${page.edges.length} edges.`,
          )
        ) {
          recorder.info(`Only ${page.count} nodes exist, so a silent cap cannot be told from an honoured first: 51.`);
        }
        return;
      }
      if (!observed) {
        const got = page ? counted(page.edges.length, 'edge') : describeOutcome(outcome);
        // No page at all: how Pluvo answered says whether this is the contract or its trouble.
        return recorder.failOn(outcome, `first: 51 should be refused with an error or cut to 50 edges (the cap is 50, ${DOCS.pagination}); got ${got}.`);
      }
      expectPinned(recorder, context, {
        key: `over-limit:${spec.field}`,
        what: 'first: 51',
        observed,
        describe: (value) => (value === 'error' ? 'an error' : 'a silent cap of 50'),
      });
    },
  );
  return { ...check, pinsBaseline: true };
}

export const PAGING_CHECKS: ContractCheck[] = CONNECTIONS.flatMap((spec) => [
  firstFifty(spec),
  overLimit(spec),
  cursorWalkCheck(spec),
  ...(spec.offset ? [offsetCheck(spec)] : []),
]);
