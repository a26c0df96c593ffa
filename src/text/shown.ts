import { cutTo } from './cut';

/**
 * A value that came from the target, as a message may quote it: JSON-like, at most `max`
 * characters, nesting cut below a few levels and long lists cut after a few items, and never a
 * throw. A hostile server's 100,000-deep JSON or 50 MB string becomes a short line, not a stack
 * trace or a 50 MB console line.
 */
const MAX_DEPTH = 4;
const MAX_ITEMS = 8;

export function shown(value: unknown, max = 200): string {
  const text = render(value, 0, max);
  return cutTo(text, max, '…');
}

function render(value: unknown, depth: number, budget: number): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > budget ? `${value.slice(0, budget)}…` : value);
  if (typeof value !== 'object') return typeof value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  const parts: string[] = [];
  let used = 0;
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.slice(0, MAX_ITEMS + 1).map((item) => [undefined, item])
    : Object.entries(value).slice(0, MAX_ITEMS + 1);
  for (const [index, [key, item]] of entries.entries()) {
    if (index === MAX_ITEMS || used > budget) {
      parts.push('…');
      break;
    }
    const part = `${key === undefined ? '' : `${JSON.stringify(key.slice(0, 100))}:`}${render(item, depth + 1, budget - used)}`;
    used += part.length;
    parts.push(part);
  }
  return Array.isArray(value) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** Text from the target (an error message) as a message may quote it: cut at `max`, no quotes added. */
export function shownText(text: unknown, max = 300): string {
  if (typeof text !== 'string') return shown(text, max);
  return cutTo(text, max, '…');
}

/** Text as a terminal would show it without colour: Playwright colours its own errors. */
export function withoutColour(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
