import type { Engine } from './engine';

/**
 * The runner's one engine, as its global setup made it, for the reporter that begins the run once
 * Playwright has selected the tests. Playwright may load the two through different module loaders,
 * so the engine is kept on the process, not in a module's scope.
 */
const KEY = Symbol.for('pluvo-contract-monitor.engine');

type Holder = { [KEY]?: Engine };

export function keepRunnerEngine(engine: Engine | undefined): void {
  (globalThis as Holder)[KEY] = engine;
}

export function runnerEngine(): Engine | undefined {
  return (globalThis as Holder)[KEY];
}
