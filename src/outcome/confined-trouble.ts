import { headlineOf, type CheckOutcome } from './check-outcome';

/** A 5xx or no answer counts as "unavailable" only when the API fails widely, not on one contract's requests. */
const CONFINED_SHARE = 0.25;

export const CONFINED_NOTE =
  "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered, so it counts as this contract's failure.";

/** A check that got no answer, through every confirmation: Pluvo's trouble, unless the rest of its target's checks say otherwise. */
export function isUnavailable(outcome: Pick<CheckOutcome, 'status' | 'cause'>): boolean {
  return outcome.status === 'failed' && outcome.cause === 'unavailable';
}

/** Judged beside its target: what of its target's other checks the rule reads. */
export type BesideIt = Pick<CheckOutcome, 'status' | 'cause' | 'blip'>;

/** Whether few of the target's checks that ran got no answer (a quarter at most): the rest of the API answered them. */
export function restOfTheApiAnswered(target: readonly BesideIt[]): boolean {
  const ran = target.filter((check) => check.status !== 'skipped');
  return ran.filter(isUnavailable).length <= ran.length * CONFINED_SHARE;
}

/**
 * A check that got no answer, judged beside the other checks of its target in the run: when few
 * of those that ran got none while the rest got theirs (restOfTheApiAnswered), a deterministic
 * 500 on exactly one contract's requests is that contract's failure; an API that fails everywhere
 * is unavailable. So is trouble that comes and goes: when another check of the target met the
 * same trouble and got past it (a flapping proxy's 502 on every other request fails the checks
 * that send many, and only them), it is not one contract's. Part of judging the check (the engine
 * applies it before any output hears of the check), so that every output tells the same cause.
 */
export function judgedBesideItsTarget(outcome: CheckOutcome, target: readonly BesideIt[]): CheckOutcome {
  if (!isUnavailable(outcome) || !restOfTheApiAnswered(target)) return outcome;
  const keys = new Set(outcome.failures.flatMap((failure) => (failure.key ? [failure.key] : [])));
  if (target.some((check) => check.blip !== undefined && keys.has(check.blip))) return outcome;
  return {
    ...outcome,
    cause: 'contract',
    headline: headlineOf('contract', outcome.title),
    failures: [{ message: CONFINED_NOTE, cause: 'contract' }, ...outcome.failures],
  };
}
