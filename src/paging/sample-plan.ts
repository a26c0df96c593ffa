import type { ConnectionSpec } from './connections';
import { PAGE_SIZE } from './walk';

/** A window: a page by offset, the page after its endCursor, and the two nodes across their boundary by offset. */
export const WINDOW_REQUESTS = 3;
/** The end of the list: the last node by offset (or `last: 1`), and the empty page past it. */
export const END_REQUESTS = 2;
/** The offset check's first request, which learns count. */
const COUNT_PROBE = 1;
const MIN_CURSOR_PAGES = 2;

export interface SamplePlan {
  /** Pages the cursor walk reads from the start. */
  cursorPages: number;
  /** Windows at random offsets (connections with offset only). */
  windows: number;
}

/**
 * How a connection's page budget is spent in a sampled run: for a connection with offset, the
 * end of the list and as many windows as fit, the rest on the first pages by cursor; without
 * offset, the first pages by cursor and the end of the list through `last`.
 */
export function samplePlan(spec: ConnectionSpec, pages: number): SamplePlan {
  if (!spec.offset) return { cursorPages: Math.max(MIN_CURSOR_PAGES, pages - END_REQUESTS), windows: 0 };
  const windows = Math.max(1, Math.floor((pages - COUNT_PROBE - END_REQUESTS - MIN_CURSOR_PAGES) / WINDOW_REQUESTS));
  return { cursorPages: Math.max(MIN_CURSOR_PAGES, pages - COUNT_PROBE - END_REQUESTS - windows * WINDOW_REQUESTS), windows };
}

/**
 * Where this run's windows start: drawn from the run's seed and the connection's name, so each
 * run looks somewhere else (over many runs, everywhere) and a seed draws the same windows again.
 * A window spans two pages, so it starts where two full pages still fit.
 */
export function windowOffsets(seed: number, field: string, count: number, windows: number): number[] {
  const random = mulberry32(seed ^ hash(field));
  const last = Math.max(0, count - 2 * PAGE_SIZE);
  const offsets = new Set<number>();
  for (let attempt = 0; offsets.size < Math.min(windows, last + 1) && attempt < windows * 10; attempt++) offsets.add(Math.floor(random() * (last + 1)));
  return [...offsets].sort((a, b) => a - b);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}
