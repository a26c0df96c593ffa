import { historyLine, type HistoryLine } from '../../src/report/alert-files';
import type { Alert } from '../../src/report/alert-policy';
import { record } from './records';
import { runVerdict, type CheckOutcome, type CheckRecord } from '../../src/report/run-summary';

export const CHECK_IDS = ['auth.token-issued', 'paging.cursor-walk.paginatedUsers', 'shape.response.UsersPage', 'schema.drift'];

/** What happens in hour `h` of a simulated run history. */
export type Scenario = (hour: number) => { outcome: 'passed' | 'failed' | 'degraded' | 'monitor-error'; alert?: Alert };

/**
 * Hourly runs for `hours` hours ending at `end`, as the reporter would write them: one check
 * fails in failed hours, one is slow in degraded hours, none ran in monitor-error hours. Latency
 * follows a daily wave, so the chart has something to show.
 */
export function simulateHistory(target: { label: string; key: string }, hours: number, end: Date, scenario: Scenario): HistoryLine[] {
  return Array.from({ length: hours }, (_, hour) => {
    const at = new Date(end.getTime() - (hours - 1 - hour) * 3_600_000).toISOString();
    const { outcome, alert } = scenario(hour);
    const { verdict, monitorError, checks } = runOf(outcome, hour % 24);
    return historyLine(
      { at, target: target.label, targetKey: target.key, verdict, ...(monitorError ? { monitorError } : {}), checks, notices: [] },
      alert ? [alert] : [],
    );
  });
}

/**
 * A run's checks and verdict, by its outcome and hour of the day: the same for every day, so made
 * once (ten organisations' ninety days are 21,600 runs of a few dozen kinds).
 */
type Outcome = ReturnType<Scenario>['outcome'];
const runs = new Map<string, ReturnType<typeof makeRun>>();
function runOf(outcome: Outcome, hourOfDay: number) {
  const key = `${outcome} ${hourOfDay}`;
  let run = runs.get(key);
  if (!run) runs.set(key, (run = makeRun(outcome, hourOfDay)));
  return run;
}

function makeRun(outcome: Outcome, hourOfDay: number) {
  const wave = 40 + 30 * Math.sin((hourOfDay / 24) * 2 * Math.PI);
  const checks: CheckRecord[] =
    outcome === 'monitor-error'
      ? []
      : CHECK_IDS.map((checkId, index) => {
          const checkOutcome: CheckOutcome = index === 1 && outcome !== 'passed' ? (outcome === 'failed' ? 'failed' : 'degraded') : 'passed';
          const slow = checkOutcome === 'degraded' ? 2_500 : 0;
          return record({
            checkId,
            area: checkId.split('.')[0] as CheckRecord['area'],
            outcome: checkOutcome,
            latency: { p50Ms: Math.round(wave + index * 5 + slow), p95Ms: Math.round(wave * 2 + index * 10 + slow), verdict: slow ? 'degraded' : 'ok' },
          });
        });
  const { verdict, monitorError } = runVerdict(
    {
      status: outcome === 'failed' ? 'failed' : 'passed',
      fatalErrors: outcome === 'monitor-error' ? ['Error: contracts/manifest.json is not valid JSON'] : [],
      incomplete: 0,
    },
    checks,
  );
  return { verdict, ...(monitorError ? { monitorError } : {}), checks };
}
