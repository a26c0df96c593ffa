import type { CheckContext, CheckResult, ContractCheck } from '../checks/check';
import { judgeCheck, type CheckOutcome } from '../outcome/check-outcome';
import { shownText } from '../text/shown';

/** Trouble that can pass: Pluvo did not answer, or throttled. Its own budget or setup will not mend by waiting. */
const PASSING: ReadonlySet<string> = new Set(['unavailable', 'throttled']);

const isPassingTrouble = (outcome: CheckOutcome) => outcome.status === 'failed' && PASSING.has(outcome.cause ?? 'contract');

/**
 * Run a check and judge it; when it failed because Pluvo did not answer or kept throttling, try it
 * again after each of the configured waits (2 s, then 10 s), afresh, before that counts. A blip
 * shorter than the waits never reaches a verdict, however fast or slow the machine, and is said as
 * a warning; trouble that lasts through them is confirmed, and later checks of the run that meet
 * it within a minute do not wait again (an outage costs the waits once, not once a check). The
 * waits run on the context's clock, so tests spend no time on them.
 */
export async function runConfirmed(check: ContractCheck, context: CheckContext): Promise<Confirmed> {
  const startedAt = context.now();
  const wallStart = Date.now();
  const first = await confirmed(check, context);
  const { result, outcome } = await slownessConfirmed(check, context, await triedAgain(check, context, first));
  const judged = { result, outcome: { ...outcome, tookMs: Math.max(0, context.now() - startedAt), startedAt: wallStart } };
  // Trouble is neither tried again as a broken contract nor measured again as slowness: the first look's outcome is final.
  return first.spared && outcome === first.outcome ? { ...judged, spared: true } : judged;
}

/** A check's run, judged: its result, its outcome, and whether another check's confirmation stood for its own. */
export interface Confirmed {
  result: CheckResult;
  outcome: CheckOutcome;
  /**
   * Its trouble was not waited out by this check: another check of its target had just confirmed
   * that Pluvo was not answering. True of an outage; not of a blip of its own beside trouble that
   * is confined to one contract (src/outcome/confined-trouble.ts), which lookedAgain tells apart.
   */
  spared?: true;
}

/**
 * A check spared its waits by another's confirmation (Confirmed.spared), whose target's other
 * checks got their answers meanwhile: the trouble it met may not be the one confirmed, but a blip
 * of its own. It looks once more, afresh, before that counts. Answered now, it was a blip (flaky,
 * as after a wait of its own); still not, it is confirmed as lasting, with what was done said.
 */
export async function lookedAgain(check: ContractCheck, context: CheckContext, spared: Confirmed): Promise<Confirmed> {
  const began = context.now();
  const looked = await check.run(context);
  // Answered but broken, it is tried again as any broken contract is.
  const { result, outcome } = await triedAgain(check, context, { result: looked, outcome: judgeCheck(check, looked, context.config) });
  const timing = { tookMs: (spared.outcome.tookMs ?? 0) + Math.max(0, context.now() - began), startedAt: spared.outcome.startedAt };
  if (isPassingTrouble(outcome))
    return { result, outcome: { ...confirmedAs(outcome, 'looked at again once the rest of the API had answered: still the same'), ...timing } };
  return { result, outcome: { ...gotPast(spared.outcome, outcome, 'looked at again, once the rest of the API had answered'), ...timing } };
}

/** Trouble that lasted, with what confirmed it as the last of its failures. */
function confirmedAs(outcome: CheckOutcome, why: string): CheckOutcome {
  return { ...outcome, failures: [...outcome.failures, { message: `Confirmed: ${why}.`, cause: outcome.cause! }] };
}

/**
 * A check's outcome once it got past the trouble its first look met: a warning that names the
 * trouble and when it answered, the trouble kept as its blip, and flaky when it then passed.
 */
function gotPast(first: CheckOutcome, outcome: CheckOutcome, answeredWhen: string): CheckOutcome {
  const blip = blipOf(first);
  return {
    ...outcome,
    warnings: [`Pluvo did not answer at first (${blip}); it did when ${answeredWhen}. Not counted as trouble: flaky.`, ...outcome.warnings],
    blip,
    ...(outcome.status === 'passed' || outcome.status === 'degraded' ? { passedOnRetry: true as const } : {}),
  };
}

/** What a check met first, in the words a warning names it by: its trouble's key, else its first failure. */
const blipOf = (first: CheckOutcome) => first.failures.find((failure) => failure.key)?.key ?? first.failures[0]?.message ?? 'no answer';

/**
 * Slowness is confirmed before it counts, as trouble is: a degraded check is measured once more,
 * afresh. Slow again, it is degraded; not, it passed, with a note of what was slow at first. One
 * slow request is most often not Pluvo's (our own process or machine held it: on a loaded machine
 * a request to the sandbox next door read as 2 s), and Pluvo slow for real is slow again.
 */
async function slownessConfirmed(
  check: ContractCheck,
  context: CheckContext,
  first: { result: CheckResult; outcome: CheckOutcome },
): Promise<{ result: CheckResult; outcome: CheckOutcome }> {
  if (first.outcome.status !== 'degraded') return first;
  const again = await confirmed(check, context.fresh());
  if (again.outcome.status !== 'passed') return again;
  const slow = first.outcome.latency.message ?? 'slow';
  return { ...again, outcome: { ...again.outcome, notes: [...again.outcome.notes, `Slow at first (${slow}); not when measured again.`] } };
}

/**
 * A broken contract is tried again, afresh, before it counts (PLUVO_RETRIES times): one that then
 * holds is flaky, said with what failed at first. Decided here, before the outcome is reported, so
 * nothing rewrites it afterwards, and a run does not start a Playwright worker for each retry.
 * Trouble was confirmed already, and our own budget or setup will not mend by trying again.
 */
async function triedAgain(
  check: ContractCheck,
  context: CheckContext,
  first: { result: CheckResult; outcome: CheckOutcome },
): Promise<{ result: CheckResult; outcome: CheckOutcome }> {
  const broken = (outcome: CheckOutcome) => outcome.status === 'failed' && (outcome.cause ?? 'contract') === 'contract';
  if (!broken(first.outcome)) return first;
  for (let attempt = 1; attempt <= context.config.retries; attempt++) {
    const again = await confirmed(check, context.fresh());
    if (broken(again.outcome)) continue;
    if (again.outcome.status === 'failed') return again;
    const what = first.outcome.failures[0]?.message ?? 'failed';
    const warning = `Failed at first (${shownText(what, 201)}); held when tried again: flaky.`;
    return { result: again.result, outcome: { ...again.outcome, warnings: [warning, ...again.outcome.warnings], passedOnRetry: true } };
  }
  const tries = context.config.retries;
  return tries
    ? { ...first, outcome: { ...first.outcome, notes: [...first.outcome.notes, `Tried again ${tries === 1 ? 'once' : `${tries} times`}, afresh: the same.`] } }
    : first;
}

/**
 * Checks that run side by side (src/engine/engine.ts) meet an outage together: one of them waits
 * it out and the others wait for that one, so an outage costs the target the waits' requests of
 * one check, as it did when checks ran one after another. By outage memory, so per target.
 */
const confirming = new WeakMap<CheckContext['outage'], Promise<void>>();

async function confirmed(check: ContractCheck, context: CheckContext): Promise<Confirmed> {
  let result = await check.run(context);
  let outcome = judgeCheck(check, result, context.config);
  if (!isPassingTrouble(outcome)) return { result, outcome };
  const recent = () => {
    const confirmedAt = context.outage.confirmedAt();
    return confirmedAt !== undefined && context.now() - confirmedAt < OUTAGE_MEMORY_MS;
  };
  const other = confirming.get(context.outage);
  if (other && !recent()) {
    await other;
    // Its trouble passed: this check looks again afresh, as if for the first time.
    if (!recent()) return confirmed(check, context.fresh());
  }
  const first = outcome;
  const delays = recent() ? [] : context.config.confirmDelaysMs;
  let done = () => undefined as void;
  if (delays.length) confirming.set(context.outage, new Promise<void>((resolve) => (done = resolve)));
  const waited: number[] = [];
  try {
    for (const delay of delays) {
      await context.sleep(delay);
      waited.push(delay);
      result = await check.run(context.fresh());
      outcome = judgeCheck(check, result, context.config);
      if (!isPassingTrouble(outcome)) break;
    }
    if (isPassingTrouble(outcome)) context.outage.confirm(context.now());
    else context.outage.clear();
  } finally {
    if (delays.length) {
      confirming.delete(context.outage);
      done();
    }
  }
  const tried = waited.length ? `tried again after ${waited.map((ms) => `${ms / 1000} s`).join(' and ')}` : undefined;
  if (isPassingTrouble(outcome)) {
    const why = tried
      ? `${tried}: still the same`
      : 'not tried again: an earlier check of this run confirmed that Pluvo was not answering, less than a minute ago';
    return { result, outcome: confirmedAs(outcome, why), ...(tried ? {} : { spared: true as const }) };
  }
  // Past it only by a look after a wait: without one, the outcome is the first look's trouble, returned above.
  return { result, outcome: gotPast(first, outcome, tried!) };
}

/** How long a confirmed outage spares later checks their waits. */
const OUTAGE_MEMORY_MS = 60_000;
