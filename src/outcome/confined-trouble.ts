import { headlineOf, type CheckOutcome } from './check-outcome';

/** A 5xx or no answer counts as "unavailable" only when the API fails widely, not on one contract's requests. */
const CONFINED_SHARE = 0.25;

export const CONFINED_NOTE =
  "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered, so it counts as this contract's failure.";

/** A check that got no answer, through every confirmation: Pluvo's trouble, unless the rest of its target's checks say otherwise. */
export function isUnavailable(outcome: Pick<CheckOutcome, 'status' | 'cause'>): boolean {
  return outcome.status === 'failed' && outcome.cause === 'unavailable';
}

/**
 * A check that got no answer, judged beside the other checks of its target in the run: when few
 * of those that ran got none (a quarter at most) while the rest got theirs, a deterministic 500
 * on exactly one contract's requests is that contract's failure; an API that fails everywhere is
 * unavailable. Part of judging the check (the engine applies it before any output hears of the
 * check), so that every output tells the same cause.
 */
export function judgedBesideItsTarget(outcome: CheckOutcome, target: readonly Pick<CheckOutcome, 'status' | 'cause'>[]): CheckOutcome {
  if (!isUnavailable(outcome)) return outcome;
  const ran = target.filter((check) => check.status !== 'skipped');
  if (ran.filter(isUnavailable).length > ran.length * CONFINED_SHARE) return outcome;
  return {
    ...outcome,
    cause: 'contract',
    headline: headlineOf('contract', outcome.title),
    failures: [{ message: CONFINED_NOTE, cause: 'contract' }, ...outcome.failures],
  };
}
