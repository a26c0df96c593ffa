import { GraphQLError } from 'graphql';
import type { FaultName } from '../faults';

/** Pluvo's documented page-size cap. */
export const MAX_PAGE_SIZE = 50;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  offset?: number | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  count: number;
}

export interface PagingBehaviour {
  /** What first/last over the cap does when no fault overrides it. */
  overLimit: 'error' | 'clamp';
  faults: ReadonlySet<FaultName>;
}

// graphene's cursors: base64("arrayconnection:<index>"). Opaque to clients; we decode our own.
const PREFIX = 'arrayconnection:';

export function toCursor(index: number): string {
  return Buffer.from(`${PREFIX}${index}`).toString('base64');
}

function fromCursor(cursor: string, argument: string): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const index = decoded.startsWith(PREFIX) ? Number(decoded.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(index) || index < 0) throw new GraphQLError(`Invalid cursor given as \`${argument}\`: "${cursor}".`);
  return index;
}

/**
 * A Relay connection over `total` items, graphene-django style: first and last are capped at 50
 * (an error naming the field, or a clamp); no first and no last means a full page; offset skips
 * items after the cursor. `item(i)` materialises only the nodes on the page.
 */
export function connectionFor<T>(
  fieldName: string,
  total: number,
  item: (index: number) => T,
  args: ConnectionArgs,
  behaviour: PagingBehaviour,
): Connection<T> {
  const { faults } = behaviour;
  let { first, last } = args;
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && value < 0) throw new GraphQLError(`Argument \`${name}\` on the \`${fieldName}\` connection cannot be negative.`);
  }
  // A server whose cap drops the page instead of refusing or cutting it.
  if (faults.has('over-limit-empty') && [first, last].some((value) => value != null && value > MAX_PAGE_SIZE)) {
    return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, count: total };
  }
  const capOff = faults.has('page-cap-off');
  const clamp = faults.has('page-cap-clamps') || behaviour.overLimit === 'clamp';
  if (!capOff) {
    for (const [name, value] of [
      ['first', first],
      ['last', last],
    ] as const) {
      if (value != null && value > MAX_PAGE_SIZE && !clamp) {
        throw new GraphQLError(`Requesting ${value} records on the \`${fieldName}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`);
      }
    }
    if (first != null) first = Math.min(first, MAX_PAGE_SIZE);
    if (last != null) last = Math.min(last, MAX_PAGE_SIZE);
  }
  if (first == null && last == null) first = MAX_PAGE_SIZE;

  let start = args.after != null ? fromCursor(args.after, 'after') + 1 : 0;
  let end = args.before != null ? Math.min(fromCursor(args.before, 'before'), total) : total;
  if (args.offset != null && !faults.has('offset-ignored')) start += Math.max(0, args.offset);
  start = Math.min(start, total);
  // A server off by one on full pages: first: 50 holds a 51st node where there is one.
  if (first != null) end = Math.min(end, start + first + (faults.has('page-overfull') && args.first === MAX_PAGE_SIZE ? 1 : 0));
  if (last != null) start = Math.max(start, end - last);
  const hasNextPage = faults.has('has-next-page-stuck') || end < total;
  // A faulty server that repeats the last node of the previous page.
  if (faults.has('duplicate-node-across-pages') && start > 0 && args.after != null) start -= 1;

  const edges: Connection<T>['edges'] = [];
  for (let index = start; index < end; index++) edges.push({ cursor: toCursor(index), node: item(index) });
  const count = faults.has('wrong-count') ? total + 1 : total;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count,
  };
}
