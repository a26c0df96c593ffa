import type { Area } from '../config/areas';

/**
 * The monitored suite's tests, as the engine plans them: the targets by name ('' for the one
 * target of a run without a targets file) and the checks each has (the operations are the
 * integration's, the same for every target). The runner's loading of the suite and every worker's
 * take it from the engine, so a worker imports no check to know its tests' titles.
 */
export interface SuitePlan {
  targets: string[];
  checks: Array<{ id: string; title: string; area: Area }>;
}
