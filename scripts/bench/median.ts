import type { TimedRun } from './run-concurrency';

/**
 * How many times a compared run is measured. This 2-core machine moves 10% from one run to the
 * next, so a ratio of two single runs moves by up to twice that: a done-when figure read from one
 * pair said 2.40x one day and 2.24x an hour later, with the same code. The median of three is what
 * a ratio is taken of.
 */
export const RUNS = 3;

/** A run measured several times: the median run by wall time, and every run's wall time. */
export type Measured = TimedRun & { walls: number[] };

/** `measure` run RUNS times, one after another: the run whose wall time is the median, with all the wall times. */
export async function medianOf(measure: () => Promise<TimedRun>): Promise<Measured> {
  const runs: TimedRun[] = [];
  for (let index = 0; index < RUNS; index++) runs.push(await measure());
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { ...sorted[Math.floor(sorted.length / 2)]!, walls: sorted.map((run) => run.seconds) };
}

/** The median wall time, and the fastest and slowest: "3.2 (3.1–3.4)". */
export function shownMedian(run: Measured): string {
  return `${run.seconds.toFixed(1)} (${run.walls[0]!.toFixed(1)}–${run.walls.at(-1)!.toFixed(1)})`;
}
