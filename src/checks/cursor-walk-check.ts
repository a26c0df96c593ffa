import { shown } from '../text/shown';
import type { ConnectionSpec } from '../paging/connections';
import { judgeLiveData, observedProblem, type LiveVerdict, type Observation } from '../paging/live-data';
import { samplePlan } from '../paging/sample-plan';
import { countsSeen, fetchPage, isCount, PAGE_SIZE, walkCursor, walkKeys, type WalkResult } from '../paging/walk';
import { Progress } from '../paging/progress';
import type { CheckRecorder, ContractCheck } from './check';
import { firstPage, pagingCheck, type PagingRun } from './paging-check';
import { counted } from '../text/counted';

/**
 * The cursor walk of one connection. Sampled (the default): the first pages by cursor, and for a
 * connection without offset the end of the list through `last`, at a cost that does not grow with
 * the organisation. Full (`PLUVO_WALK=full`): every page to the end.
 */
export function cursorWalkCheck(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'cursor-walk', 'cursor pages visit every node once, chain by endCursor and end where count says', async (run) => {
    const { config } = run.context;
    if (config.walk === 'full') {
      await judgeWalk(spec, run, await fullCursorWalk(spec, run));
      return;
    }
    const walk = await walkCursor(run.context.clients.graphql, spec, run.auth, {
      maxPages: samplePlan(spec, config.pagingPages).cursorPages,
      budget: run.budget,
      progress: progressOf(spec, run, 'cursor walk (sampled)'),
      firstPage: () => firstPage(spec, run),
    });
    await judgeWalk(spec, run, walk);
    if (walk.ended || walk.problems.length) return;
    const nodes = walkKeys(walk).length;
    run.recorder.info(
      `Sampled: the first ${counted(walk.pages.length, 'page')} by cursor (${nodes} of ${shown(walk.count)} nodes)${spec.offset ? "; windows elsewhere and the end of the list are the offset check's" : ''}. PLUVO_WALK=full walks the whole list.`,
    );
    if (spec.last) await judgeEndByLast(spec, run);
  });
}

/** The run's full cursor walk of a connection, shared with the offset check that compares against it. */
export function fullCursorWalk(spec: ConnectionSpec, run: PagingRun): Promise<WalkResult> {
  const { context, auth, budget } = run;
  return context.once(`full-cursor-walk:${spec.field}`, () =>
    walkCursor(context.clients.graphql, spec, auth, { budget, progress: progressOf(spec, run, 'full cursor walk', { announce: true }) }),
  );
}

/** What a walk of this check says while it runs: on the check's clock, to the console. */
export function progressOf(spec: ConnectionSpec, { context }: PagingRun, walk: string, options: { announce?: boolean } = {}): Progress {
  return new Progress(`${spec.field} ${walk}`, context.now, context.say, options);
}

/** A live-data verdict into findings: broken fails, changed warns with its evidence. */
export function recordVerdict(recorder: CheckRecorder, verdict: LiveVerdict): void {
  if (verdict.kind === 'broken') verdict.anomalies.forEach((anomaly) => recorder.fail(anomaly));
  if (verdict.kind === 'changed') recorder.warn(verdict.warning);
  if (verdict.kind === 'trouble') verdict.problems.forEach((problem) => recorder.failProblem(problem));
}

/** Nodes that a page repeats from an earlier page, with the first page (0-based) that does. */
function repeats(walk: Pick<WalkResult, 'pages'>): { keys: string[]; firstPage: number } {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let firstPage = -1;
  walk.pages.forEach((page, index) => {
    for (const key of page.keys) {
      if (!seen.has(key)) continue;
      repeated.add(key);
      if (firstPage < 0) firstPage = index;
    }
    page.keys.forEach((key) => seen.add(key));
  });
  return { keys: [...repeated], firstPage };
}

function repeatAnomaly(found: { keys: string[]; firstPage: number }): string[] {
  if (!found.keys.length) return [];
  return [
    `${counted(found.keys.length, 'node')} came back more than once across pages (e.g. ${found.keys.slice(0, 3).join(', ')}), first on page ${found.firstPage + 1}; a sync would process them twice.`,
  ];
}

async function judgeWalk(spec: ConnectionSpec, run: PagingRun, walk: WalkResult): Promise<void> {
  const { recorder } = run;
  walk.exchanges.forEach((exchange) => recorder.record(exchange));
  walk.problems.forEach((problem) => recorder.failProblem({ ...problem, message: `${problem.message}.` }, 'The cursor walk broke: '));
  recorder.expect(walk.largestPage <= PAGE_SIZE, `A page held ${walk.largestPage} edges; the maximum is ${PAGE_SIZE}.`);
  if (walk.pages.length && !isCount(walk.count)) recorder.fail(`count should be a whole number, the total of the list; got ${shown(walk.count)}.`);
  if (walk.ended && !walk.problems.length)
    recorder.expect(walk.lastHasNextPage === false, `The last page should say hasNextPage: false; got ${shown(walk.lastHasNextPage)}.`);

  const repeated = repeats(walk);
  const keys = walkKeys(walk);
  const countMismatch = walk.ended && !walk.problems.length && isCount(walk.count) && walk.count !== keys.length;
  const first: Observation = {
    anomalies: [
      ...repeatAnomaly(repeated),
      ...(countMismatch
        ? [`count says ${shown(walk.count)} but the walk found ${counted(keys.length, 'edge')} in ${counted(walk.pages.length, 'page')}.`]
        : []),
    ],
    counts: countsSeen(walk.pages),
  };
  // The window to look at again: the page before the first repeat and the repeat's page.
  const from = repeated.firstPage > 0 ? walk.pages[repeated.firstPage - 1]?.after : undefined;
  const where = repeated.firstPage > 0 ? `pages ${repeated.firstPage}–${repeated.firstPage + 1}` : 'the first pages';
  const verdict = await judgeLiveData(
    first,
    async () => {
      const again = await walkCursor(run.context.clients.graphql, spec, run.auth, { maxPages: 2, ...(from ? { after: from } : {}), budget: run.budget });
      again.exchanges.forEach((exchange) => recorder.record(exchange));
      const trouble = again.problems.filter((problem) => problem.cause !== 'contract');
      const broken = again.problems.filter((problem) => problem.cause === 'contract').map((problem) => problem.message);
      return { anomalies: [...repeatAnomaly(repeats(again)), ...broken], counts: countsSeen(again.pages), ...(trouble.length ? { trouble } : {}) };
    },
    where,
  );
  recordVerdict(recorder, verdict);
}

/**
 * The end of a list without offset: `last: 1` gives its last node and says no page follows, and
 * the page after that node's cursor is empty and says so too.
 */
async function judgeEndByLast(spec: ConnectionSpec, run: PagingRun): Promise<void> {
  const { recorder, context, auth } = run;
  const look = async (): Promise<Observation> => {
    const last = await fetchPage(context.clients.graphql, spec, auth, { last: 1 });
    recorder.record(last.exchange);
    if (!last.page) return observedProblem({ ...last.problem, message: `The end of the list could not be read: ${last.problem.message}.` });
    const anomalies: string[] = [];
    const { page } = last;
    if (isCount(page.count) && page.count > 0 && page.edges.length !== 1) anomalies.push(`last: 1 gave ${page.edges.length} edges.`);
    if (page.hasNextPage !== false) anomalies.push(`last: 1 should say hasNextPage: false at the end of the list; got ${shown(page.hasNextPage)}.`);
    const cursor = page.edges.at(-1)?.cursor;
    if (typeof cursor !== 'string') return { anomalies, counts: [page.count] };
    const past = await fetchPage(context.clients.graphql, spec, auth, { first: PAGE_SIZE, after: cursor });
    recorder.record(past.exchange);
    if (!past.page)
      return observedProblem({ ...past.problem, message: `The page after the last node could not be read: ${past.problem.message}.` }, anomalies, [page.count]);
    if (past.page.edges.length) anomalies.push(`The page after the last node's cursor holds ${counted(past.page.edges.length, 'edge')}; it should be empty.`);
    if (past.page.hasNextPage !== false) anomalies.push(`The page after the last node should say hasNextPage: false; got ${shown(past.page.hasNextPage)}.`);
    return { anomalies, counts: [page.count, past.page.count] };
  };
  recordVerdict(recorder, await judgeLiveData(await look(), look, 'the end of the list'));
}
