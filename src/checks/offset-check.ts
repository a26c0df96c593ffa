import { shown } from '../text/shown';
import type { ConnectionSpec } from '../paging/connections';
import { judgeLiveData, observedProblem, type Observation } from '../paging/live-data';
import type { Problem } from '../pluvo/cause';
import { describeOutcome, problemOf } from '../pluvo/graphql-client';
import { samplePlan, windowOffsets } from '../paging/sample-plan';
import { countsSeen, fetchPage, isCount, PAGE_SIZE, walkKeys, walkOffset, type Page } from '../paging/walk';
import type { ContractCheck } from './check';
import { fullCursorWalk, progressOf, recordVerdict } from './cursor-walk-check';
import { pagingCheck, type PagingRun } from './paging-check';
import { counted } from '../text/counted';

/**
 * Offset paging, which the docs list beside cursors. Sampled (the default): windows at offsets
 * drawn at random each run, each entered by offset and continued by cursor, with the two nodes
 * across the boundary read by offset again, so cursors and offsets must agree; and the end of the
 * list, where `offset: count - 1` holds exactly one node and `offset: count` none. Full: every
 * page by offset, in parallel, against the full cursor walk.
 */
export function offsetCheck(spec: ConnectionSpec): ContractCheck {
  return pagingCheck(spec, 'offset', 'offset paging agrees with the cursor walk and ends where count says', async (run) => {
    if (run.context.config.walk === 'full') await fullOffsetWalk(spec, run);
    else await sampledOffsets(spec, run);
  });
}

/** One page, recorded; a page that cannot be read is a failure in its own right, not live data. */
async function page(spec: ConnectionSpec, run: PagingRun, variables: Record<string, unknown>): Promise<Page | Problem> {
  const read = await fetchPage(run.context.clients.graphql, spec, run.auth, variables);
  run.recorder.record(read.exchange);
  return read.page ?? read.problem;
}

const isProblem = (read: Page | Problem): read is Problem => 'cause' in read;

const keysOf = (spec: ConnectionSpec, read: Page) => read.edges.map((edge) => spec.key(edge.node));

async function sampledOffsets(spec: ConnectionSpec, run: PagingRun): Promise<void> {
  const { recorder, context } = run;
  const probe = await page(spec, run, { first: 1 });
  if (isProblem(probe)) return recorder.failProblem(probe);
  if (!isCount(probe.count))
    return recorder.fail(`count should be a whole number, the total of the list; got ${shown(probe.count)}. Offsets cannot be planned without it.`);
  const { config } = context;
  const offsets = windowOffsets(config.pagingSeed, spec.field, probe.count, samplePlan(spec, config.pagingPages).windows);
  recorder.info(`Sampled windows at offset ${offsets.join(', ')} of ${probe.count} nodes; PLUVO_PAGING_SEED=${config.pagingSeed} draws them again.`);
  // Windows and the end are independent looks: taken together, under the run's concurrency bound,
  // so a far-away organisation costs round trips once, not once per window.
  const count = probe.count;
  const [windows, end] = await Promise.all([Promise.all(offsets.map((offset) => observeWindow(spec, run, offset))), observeEnd(spec, run, count)]);
  for (const [index, offset] of offsets.entries()) {
    recordVerdict(recorder, await judgeLiveData(windows[index]!, () => observeWindow(spec, run, offset), `the window at offset ${offset}`));
  }
  // The last count value the end's look saw appear.
  const latest = [...new Set(end.counts)].at(-1);
  recordVerdict(recorder, await judgeLiveData(end, () => observeEnd(spec, run, isCount(latest) ? latest : count), 'the end of the list'));
}

/**
 * A page at `offset`, the page after its endCursor, and the two nodes across their boundary read
 * by offset: the cursor continuation must start where the offsets say, and repeat nothing.
 */
async function observeWindow(spec: ConnectionSpec, run: PagingRun, offset: number): Promise<Observation> {
  const anomalies: string[] = [];
  const a = await page(spec, run, { first: PAGE_SIZE, offset });
  if (isProblem(a)) return observedProblem(a);
  const counts: unknown[] = [a.count];
  const aKeys = keysOf(spec, a);
  if (isCount(a.count)) {
    const expected = Math.max(0, Math.min(PAGE_SIZE, a.count - offset));
    if (aKeys.length !== expected) anomalies.push(`offset ${offset} gave ${counted(aKeys.length, 'node')}; count ${a.count} says ${expected}.`);
    const more = offset + aKeys.length < a.count;
    if (a.hasNextPage !== more)
      anomalies.push(`The page at offset ${offset} says hasNextPage: ${shownFlag(a.hasNextPage)}, but count ${a.count} says ${more}.`);
  }
  let bKeys: string[] = [];
  if (a.hasNextPage === true && typeof a.endCursor === 'string') {
    const b = await page(spec, run, { first: PAGE_SIZE, after: a.endCursor });
    if (isProblem(b)) return observedProblem(b, anomalies, counts);
    counts.push(b.count);
    bKeys = keysOf(spec, b);
    const inA = new Set(aKeys);
    const repeated = bKeys.filter((key) => inA.has(key));
    if (repeated.length)
      anomalies.push(`The page after offset ${offset}'s endCursor repeats ${repeated.length} of its nodes (e.g. ${repeated.slice(0, 3).join(', ')}).`);
  }
  if (aKeys.length) {
    const boundary = offset + aKeys.length - 1;
    const c = await page(spec, run, { first: 2, offset: boundary });
    if (isProblem(c)) return observedProblem(c, anomalies, counts);
    counts.push(c.count);
    const [atEnd, afterEnd] = keysOf(spec, c);
    if (atEnd !== aKeys.at(-1)) anomalies.push(`offset ${boundary} holds ${atEnd ?? 'nothing'}, but the page at offset ${offset} ended with ${aKeys.at(-1)}.`);
    if (bKeys.length && afterEnd !== bKeys[0])
      anomalies.push(`The page after offset ${offset}'s endCursor starts with ${bKeys[0]}, but offset ${boundary + 1} holds ${afterEnd ?? 'nothing'}.`);
  }
  return { anomalies, counts };
}

/** `offset: count - 1` holds exactly the last node and no next page; `offset: count` holds nothing. */
async function observeEnd(spec: ConnectionSpec, run: PagingRun, count: number): Promise<Observation> {
  const anomalies: string[] = [];
  const counts: unknown[] = [count];
  if (count > 0) {
    const last = await page(spec, run, { first: PAGE_SIZE, offset: count - 1 });
    if (isProblem(last)) return observedProblem(last, [], counts);
    counts.push(last.count);
    if (last.edges.length !== 1)
      anomalies.push(`offset ${count - 1} (count - 1) gave ${counted(last.edges.length, 'node')}; count ${count} says the last node is there alone.`);
    if (last.hasNextPage !== false) anomalies.push(`offset ${count - 1} (the last node) says hasNextPage: ${shownFlag(last.hasNextPage)}; it should be false.`);
  }
  const past = await page(spec, run, { first: PAGE_SIZE, offset: count });
  if (isProblem(past)) return observedProblem(past, anomalies, counts);
  counts.push(past.count);
  if (past.edges.length) anomalies.push(`offset ${count} (count) gave ${counted(past.edges.length, 'node')}; nothing should be past the end.`);
  if (past.hasNextPage !== false) anomalies.push(`offset ${count} (past the end) says hasNextPage: ${shownFlag(past.hasNextPage)}; it should be false.`);
  return { anomalies, counts };
}

/** Every page by offset, in parallel under the run's concurrency bound, against the full cursor walk. */
async function fullOffsetWalk(spec: ConnectionSpec, run: PagingRun): Promise<void> {
  const { recorder, context, auth, budget } = run;
  const cursor = await fullCursorWalk(spec, run);
  const unreadable = cursor.exchanges.find((exchange) => exchange.outcome.kind !== 'data');
  if (cursor.problems.length || unreadable || !cursor.pages.length) {
    if (unreadable) recorder.record(unreadable);
    const problem: Problem =
      cursor.problems[0] ?? (unreadable ? problemOf(unreadable.outcome, describeOutcome(unreadable.outcome)) : { message: 'no pages', cause: 'contract' });
    return recorder.failProblem({ ...problem, message: `${problem.message}.` }, 'The cursor walk that offset paging is compared with failed: ');
  }
  const latest = cursor.pages.at(-1)?.count;
  const count = isCount(latest) ? latest : cursor.count;
  // The cursor walk may have been another check's (shared): plan this check's clock on the latency
  // it saw, or a far-away organisation would run out of a budget planned for an instant API.
  budget.plan(cursor.pages.length + 1, cursor.exchanges[0]?.durationMs ?? 0, context.config.concurrency);
  const offset = await walkOffset(context.clients.graphql, spec, auth, count, {
    budget,
    progress: progressOf(spec, run, 'full offset walk', { announce: true }),
  });
  offset.exchanges.forEach((exchange) => recorder.record(exchange));
  offset.problems.forEach((problem) => recorder.failProblem({ ...problem, message: `${problem.message}.` }, 'Offset paging broke: '));
  if (offset.problems.length) return;
  const reference = [...new Set(walkKeys(cursor))];
  const offsetKeys = walkKeys(offset);
  const difference = reference.findIndex((key, index) => offsetKeys[index] !== key);
  const anomalies =
    difference !== -1
      ? [`Offset paging and the cursor walk differ at position ${difference}: ${offsetKeys[difference] ?? '(nothing)'} instead of ${reference[difference]}.`]
      : offsetKeys.length !== reference.length
        ? [`Offset paging returned ${counted(offsetKeys.length, 'node')}; the cursor walk ${reference.length}.`]
        : [];
  const first: Observation = { anomalies, counts: countsSeen([...cursor.pages, ...offset.pages]) };
  // Look again where they parted: that page by offset and by cursor, a moment apart.
  const pageIndex = Math.floor(Math.max(0, difference) / PAGE_SIZE);
  const after = cursor.pages[pageIndex]?.after;
  const verdict = await judgeLiveData(
    first,
    async () => {
      const byOffset = await page(spec, run, { first: PAGE_SIZE, offset: pageIndex * PAGE_SIZE });
      const byCursor = await page(spec, run, { first: PAGE_SIZE, ...(after ? { after } : {}) });
      if (isProblem(byOffset)) return observedProblem(byOffset);
      if (isProblem(byCursor)) return observedProblem(byCursor);
      const same = JSON.stringify(keysOf(spec, byOffset)) === JSON.stringify(keysOf(spec, byCursor));
      return {
        anomalies: same ? [] : [`page ${pageIndex + 1} still differs by offset and by cursor.`],
        counts: [byOffset.count, byCursor.count],
      };
    },
    `page ${pageIndex + 1}`,
  );
  recordVerdict(recorder, verdict);
}

/** hasNextPage as a finding quotes it: a value of another type says so, since "true" and true read alike. */
function shownFlag(value: unknown): string {
  return typeof value === 'boolean' ? String(value) : `${shown(value)} (${value === null ? 'null' : typeof value}, not a boolean)`;
}
