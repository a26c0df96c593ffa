/**
 * A live organisation changes while it is walked: the HR sync creates and archives users all day,
 * and with offset cursors (graphene's `arrayconnection:N`) a user created mid-walk makes a later
 * page repeat a node, or one deleted makes it skip one. Such an anomaly is the contract's fault
 * only on data that held still.
 */
import type { Problem } from '../pluvo/cause';
import { shown } from '../text/shown';
export const LIVE_DATA_WARNING = 'The organisation changed during the walk: offset cursors then repeat or skip nodes.';

/** What one look at a part of a list found: anomalies, and every count the pages reported. */
export interface Observation {
  anomalies: string[];
  /**
   * Every count the pages reported, in the order seen; repeats are fine, the judge takes each value
   * once. More than one value: the data changed during the look.
   */
  counts: unknown[];
  /** What kept the look from being made (Pluvo did not answer, our budget ran out): no judgement of the data. */
  trouble?: Problem[];
}

export type LiveVerdict =
  | { kind: 'holds' }
  | { kind: 'broken'; anomalies: string[] }
  | { kind: 'changed'; warning: string }
  | { kind: 'trouble'; problems: Problem[] };

/** An observation of a problem: an anomaly when it is the contract's, trouble otherwise. */
export function observedProblem(problem: Problem, anomalies: string[] = [], counts: unknown[] = []): Observation {
  return problem.cause === 'contract' ? { anomalies: [...anomalies, problem.message], counts } : { anomalies, counts, trouble: [problem] };
}

/**
 * On data that held still, an anomaly is a broken contract. When the count moved, the affected
 * part is looked at once more: on still data the anomaly must be gone (else broken); if the data
 * kept changing, it is a warning with its evidence, never a failure.
 */
export async function judgeLiveData(first: Observation, recheck: () => Promise<Observation>, where: string): Promise<LiveVerdict> {
  if (first.trouble?.length) return { kind: 'trouble', problems: first.trouble };
  if (first.anomalies.length === 0) return { kind: 'holds' };
  // Two pages that both said 137 are one count, not a change: taken once each here, so that no
  // look can make a failure read as live data by reporting a count twice.
  const firstCounts = [...new Set(first.counts)];
  if (firstCounts.length <= 1) return { kind: 'broken', anomalies: first.anomalies };
  const second = await recheck();
  if (second.trouble?.length) return { kind: 'trouble', problems: second.trouble };
  const secondCounts = [...new Set(second.counts)];
  if (second.anomalies.length && secondCounts.length <= 1)
    return {
      kind: 'broken',
      anomalies: second.anomalies.map((a) => `${a} (seen again on a re-check of ${where}, while count held at ${shown(secondCounts[0])})`),
    };
  const after = second.anomalies.length
    ? `a re-check of ${where} found the data still changing (count ${describeCounts(secondCounts)})`
    : `a re-check of ${where} found it consistent`;
  return { kind: 'changed', warning: `${LIVE_DATA_WARNING} count went ${describeCounts(firstCounts)}; ${after}. What was seen: ${first.anomalies.join(' ')}` };
}

/** Where counts are left out; a symbol, so that a count that is the string "…" is still shown quoted. */
const ELIDED = Symbol('elided');

function describeCounts(counts: readonly unknown[]): string {
  const picked = counts.length > 4 ? [counts[0], counts[1], ELIDED, counts.at(-1)] : counts;
  const text = picked.map((count) => (count === ELIDED ? '…' : shown(count, 40))).join(' → ');
  return counts.length > 4 ? `${text} (${counts.length} values)` : text;
}
