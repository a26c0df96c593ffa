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

/** The title of each area's group of tests, as `--grep` and the reports read it. */
export const AREA_TITLES: Record<Area, string> = {
  auth: 'auth',
  transport: 'transport',
  paging: 'paging',
  shape: 'response shapes',
  schema: 'schema drift and deprecations',
  // The user's own Playwright checks (src/own/test.ts), in projects of their own: none of ours is filed here.
  own: 'your own checks',
};

/** Organisations from which a run has a second worker. */
const SECOND_WORKER_FROM = 5;

/**
 * How many Playwright workers report a run's checks. The workers only report what the engine
 * found: one does that for an organisation's checks (a second cost 0.5 s of CPU to start and
 * saved 0.1 s, measured), and from five organisations a second shares Playwright's own work for
 * each of the thousands of tests. Counted over the organisations the run checks, so a run narrowed to one
 * (`npm start -- --target acme`, a job of the hourly workflow) has one, however long the file.
 */
export function reportingWorkers(organisations: readonly string[]): number {
  return organisations.length >= SECOND_WORKER_FROM ? 2 : 1;
}
