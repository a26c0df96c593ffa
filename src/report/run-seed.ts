/**
 * The paging seed the run's checks sampled with, noted by the engine in the process that ran them,
 * so the alert can say how to repeat them. A merge of shards has none (unless PLUVO_PAGING_SEED
 * set one). Kept on the process: Playwright may load the engine and the reporters through
 * different module loaders.
 */
const KEY = Symbol.for('pluvo-contract-monitor.paging-seed');

type Holder = { [KEY]?: string };

export function noteRunSeed(seed: string): void {
  (globalThis as Holder)[KEY] = seed;
}

export function runSeed(): string | undefined {
  return (globalThis as Holder)[KEY];
}
