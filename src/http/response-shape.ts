import { MAX_JSON_DEPTH, nestsDeeperThan } from '../text/json-depth';
import { cutTo } from '../text/cut';
import { counted } from '../text/counted';

/**
 * A response body as a published report keeps it by default: its shape (keys, types, how many
 * items) and the values a finding needs (ids, cursors, counts, page flags, errors), never the
 * names or e-mail addresses of an organisation's people. The HTML report can be published (the
 * hourly workflow puts it on GitHub Pages); PLUVO_KEEP_BODIES=full keeps whole bodies instead.
 */

/** Keys whose values say how paging and errors behaved, and nothing of a person. */
const KEPT = new Set([
  'id',
  '__typename',
  'cursor',
  'endCursor',
  'startCursor',
  'hasNextPage',
  'hasPreviousPage',
  'count',
  'totalCount',
  'errors',
  'message',
  'path',
  'locations',
  'line',
  'column',
  'extensions',
  'code',
  'error',
  'error_description',
  'token_type',
  'expires_in',
  'scope',
]);
/** Items of a list shown; the rest are counted. */
const ITEMS = 3;
/** Keys of an object shown; the rest are counted. */
const KEYS = 60;
/** Deeper than this is said, not walked: a hostile answer nests 100,000 deep. */
const DEPTH = 24;
/** Bodies larger than this are not parsed for their shape. */
const MAX_PARSED = 1_000_000;
/** The shape in a report is at most this long. */
const MAX_SHAPE = 8_000;

/**
 * The shape of a JSON body, as JSON text; undefined when the body is not JSON. `parsed` is the body
 * already parsed by whoever read it (the GraphQL client): given, the body is not scanned and parsed
 * again for its shape.
 */
export function shapeOfBody(body: string, parsed?: unknown): string | undefined {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  // Parsing a body of many megabytes again would double what it costs in memory: its size is its shape.
  if (body.length > MAX_PARSED) return JSON.stringify(`(a JSON body of ${body.length} characters: too large to keep its shape)`);
  if (parsed === undefined) {
    if (nestsDeeperThan(body)) return JSON.stringify(`(a JSON body nested deeper than ${MAX_JSON_DEPTH} levels: not read)`);
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const text = JSON.stringify(shapeOf(parsed, 0, false), null, 1);
  return text.length > MAX_SHAPE ? `${cutTo(text, MAX_SHAPE, '')}… (shape cut at ${MAX_SHAPE} characters)` : text;
}

function shapeOf(value: unknown, depth: number, kept: boolean): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return kept ? value.slice(0, 500) : `(text, ${value.length} characters)`;
  if (depth >= DEPTH) return `(nested deeper than ${DEPTH} levels)`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, ITEMS).map((item) => shapeOf(item, depth + 1, kept));
    return value.length > ITEMS ? [...shown, `(and ${counted(value.length - ITEMS, 'more item')})`] : shown;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const shown = entries.slice(0, KEYS).map(([key, item]) => [key, shapeOf(item, depth + 1, kept || KEPT.has(key))]);
    if (entries.length > KEYS) shown.push(['…', `(and ${counted(entries.length - KEYS, 'more key')})`]);
    return Object.fromEntries(shown);
  }
  return `(${typeof value})`;
}
