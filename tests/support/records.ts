import { quietOutcome } from '../../src/outcome/check-outcome';
import type { CheckOutcome, CheckRecord } from '../../src/report/run-summary';

/** A check's record as the reporter keeps it, for tests that build runs by hand: what is not given is a quiet pass. */
export function record(given: Partial<CheckRecord> & { checkId: string; outcome: CheckOutcome }): CheckRecord {
  const status = given.outcome === 'flaky' ? 'passed' : given.outcome === 'not-run' ? 'failed' : given.outcome;
  return {
    ...quietOutcome({ checkId: given.checkId, title: given.checkId, area: 'auth', docs: 'https://docs.example/', status }),
    ...(given.outcome === 'not-run' ? { cause: 'unavailable' as const, notRun: true as const } : {}),
    ...(given.outcome === 'failed' ? { cause: 'contract' as const, headline: `Contract broken: ${given.title ?? given.checkId}` } : {}),
    ...given,
  };
}
