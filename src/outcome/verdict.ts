import type { Area } from '../config/areas';
import type { Cause } from '../pluvo/cause';
import type { SlackEmoji } from '../text/emoji';

/**
 * What a verdict means, said once. Every output (the console, Slack, the status page,
 * summary.json, metrics, JUnit, history, the heartbeat, the exit code) reads this table; none
 * keeps a list of its own. It is keyed by the verdict union, so the compiler sees that it is whole.
 */

/** Every verdict a run can have, in order of how well it went: the type is read from this list. */
export const RUN_VERDICTS = [
  'passed',
  'flaky',
  'degraded',
  'failed',
  'unavailable',
  'throttled',
  'budget-exceeded',
  'credentials-refused',
  'not-onboarded',
  'monitor-error',
  'interrupted',
] as const;
/**
 * A run's verdict for a target. A completed run is passed, flaky (passed only on retry), degraded
 * (passed, slowly), failed (a broken contract), or one with no verdict on the contract:
 * unavailable, throttled, budget-exceeded, credentials-refused, not-onboarded. A run that did not
 * complete is a monitor error; one stopped on purpose is interrupted.
 */
export type RunVerdict = (typeof RUN_VERDICTS)[number];

/** A single check's verdict: what a run can say of it, and two a check alone has (skipped as planned; not run, the preflight's finding). */
export type CheckVerdict = Exclude<RunVerdict, 'monitor-error' | 'interrupted'> | 'skipped' | 'not-run';
export type Verdict = RunVerdict | CheckVerdict;

/**
 * An incident is a period of one kind of trouble, with its own start, reminders and recovery: a
 * broken contract, then an outage, then slowness are three incidents, not one streak.
 */
export const INCIDENT_KINDS = ['contract', 'outage', 'throttling', 'slowness', 'credentials', 'setup', 'budget', 'monitor'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * Organisations with the same kind of trouble from which it is one incident, where an output would
 * otherwise show one an organisation (PagerDuty, GitHub issues, summary.json): a Pluvo-wide outage
 * is one thing to look at. Two can be chance, and stay as specific as one.
 */
export const SHARED_INCIDENT_AT = 3;

/** Statuspage's component states, and one of ours: unknown, for a target or check the monitor has no verdict on. */
export type ComponentState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'unknown';

/** The alert policy's key for a kind of trouble: PLUVO_ALERT_AFTER_RUNS_<KEY>; a broken contract goes by its check's area. */
export type PolicyKey = Area | 'unavailable' | 'throttled' | 'budget' | 'credentials' | 'not-onboarded' | 'degraded' | 'monitor-error';

/** How JUnit says it, as CI systems read it: a broken contract fails; trouble that kept a verdict away is an error; not run is skipped. */
export type JUnitResult = 'passed' | 'failure' | 'error' | 'skipped';

export interface VerdictMeaning {
  /** In a few words, lower case, as the console, the status page and the legend say it. */
  name: string;
  /** The contracts were seen to hold (passed, on a retry, slowly): exit 0, success 1. */
  held: boolean;
  /** Says something of Pluvo either way, so it counts in availability. */
  pluvos: boolean;
  /** Checks ran and were judged (not skipped, not kept from running). */
  ran: boolean;
  state: ComponentState;
  /** The incident it opens or continues; none for a verdict with nothing wrong (or a stop). */
  incident?: IncidentKind;
  /** The incidents a run with this verdict shows to be over: only what it could see. */
  clears: readonly IncidentKind[];
  /** The alert policy's key (PLUVO_ALERT_AFTER_RUNS_<KEY>); a broken contract's is its check's area. */
  policyKey?: PolicyKey | 'area';
  /** The alert's headline when it starts, and when it is over. */
  headline: string;
  recovered: string;
  /** What kept a check from a verdict, as its headline says it (trouble only). */
  because?: string;
  /** The Slack emoji of its section (Teams shows its character: src/text/emoji.ts). */
  icon: SlackEmoji;
  /** The first thing an on-call person needs after what happened: whose problem, then the action. */
  whatToDo: string;
  junit: JUnitResult;
  /** How urgent, in the words PagerDuty's Events API and OpenTelemetry's severities share. */
  severity: Severity;
  /**
   * What a run with this verdict means when Pluvo answered most of its checks all the same: the
   * same trouble, the same incident and the same alert policy, told as what it is for the
   * organisation (Statuspage's partial outage, "partially unavailable", not its major outage,
   * "completely unavailable"). A check's own verdict never takes it: that check got no answer.
   */
  inPart?: Pick<VerdictMeaning, 'name' | 'state' | 'headline' | 'severity' | 'whatToDo'>;
}

export type Severity = 'critical' | 'error' | 'warning' | 'info';

const EVERY_INCIDENT = INCIDENT_KINDS;
const ALL_BUT = (...kept: IncidentKind[]) => INCIDENT_KINDS.filter((kind) => !kept.includes(kind));

export const VERDICTS: Record<Verdict, VerdictMeaning> = {
  passed: {
    name: 'passed',
    held: true,
    pluvos: true,
    ran: true,
    state: 'operational',
    clears: EVERY_INCIDENT,
    headline: 'Pluvo contracts hold',
    recovered: 'Pluvo contracts hold',
    icon: ':white_check_mark:',
    whatToDo: 'Nothing to do.',
    junit: 'passed',
    severity: 'info',
  },
  flaky: {
    name: 'flaky',
    held: true,
    pluvos: true,
    ran: true,
    state: 'operational',
    clears: EVERY_INCIDENT,
    headline: 'Pluvo checks are flaky: passing only on retry',
    recovered: 'Pluvo checks pass at the first try again',
    icon: ':repeat:',
    whatToDo: 'Checks pass only when tried again: Pluvo is failing now and then. Nothing to do yet; it is told again if it turns into failures.',
    junit: 'passed',
    severity: 'info',
  },
  degraded: {
    name: 'slow',
    held: true,
    pluvos: true,
    ran: true,
    state: 'degraded_performance',
    incident: 'slowness',
    clears: ALL_BUT('slowness'),
    policyKey: 'degraded',
    headline: 'Pluvo is slow',
    recovered: 'Pluvo answers at its usual speed again',
    icon: ':hourglass:',
    whatToDo:
      'Pluvo answers, slowly; every contract holds. If it lasts, raise it with Pluvo, or set degradedMs in the manifest if this speed is normal for the operation.',
    junit: 'passed',
    severity: 'warning',
  },
  failed: {
    name: 'contract broken',
    held: false,
    pluvos: true,
    ran: true,
    state: 'partial_outage',
    incident: 'contract',
    // Pluvo answered, our client was let in and the monitor ran: a contract verdict shows all of that.
    clears: ['outage', 'throttling', 'credentials', 'setup', 'budget', 'monitor'],
    policyKey: 'area',
    headline: 'Pluvo contract broken',
    recovered: 'Pluvo contracts hold again',
    icon: ':x:',
    whatToDo:
      'Pluvo answered other than the contract: the probable cause is first in this alert. If Pluvo changed on purpose, take the change in (`npm run schema:pull` and `npm run schemas:generate` for a schema change, `npm run baseline` for a pinned behaviour) and commit; if not, raise it with Pluvo, quoting the report.',
    junit: 'failure',
    severity: 'error',
  },
  unavailable: {
    name: 'Pluvo did not answer',
    held: false,
    pluvos: true,
    ran: true,
    state: 'major_outage',
    incident: 'outage',
    clears: ['monitor'],
    policyKey: 'unavailable',
    headline: 'Pluvo API unavailable',
    recovered: 'Pluvo answers again',
    because: 'Pluvo did not answer properly (network failure, timeout or 5xx): no contract verdict',
    icon: ':no_entry:',
    whatToDo:
      'Not a bug of ours and no contract verdict: Pluvo (or the way to it) does not answer. Check with Pluvo; nothing needs changing here, and the monitor says when it answers again.',
    junit: 'error',
    severity: 'critical',
    // Trouble that came and went across operations (src/outcome/confined-trouble.ts) while other
    // checks were answered: Pluvo is there, failing part of the time.
    inPart: {
      name: 'Pluvo answered only in part',
      state: 'partial_outage',
      headline: 'Pluvo API partly unavailable',
      severity: 'error',
      whatToDo:
        'Not a bug of ours and no contract verdict for the checks it did not answer: Pluvo (or the way to it) fails part of the time. Raise it with Pluvo if it lasts; nothing needs changing here, and the monitor says when it answers every check again.',
    },
  },
  throttled: {
    name: 'Pluvo kept throttling',
    held: false,
    pluvos: true,
    ran: true,
    // Pluvo answers, and refuses part of our client's requests (429): Statuspage's partial outage
    // (broken for some), not its major outage (completely unavailable), which a published page
    // would overstate.
    state: 'partial_outage',
    incident: 'throttling',
    // Pluvo answered (with 429s) and let our client in: the checks ran on its token.
    clears: ['monitor', 'outage', 'credentials'],
    policyKey: 'throttled',
    headline: 'Pluvo is throttling the monitor',
    recovered: 'Pluvo no longer throttles the monitor',
    because: 'Pluvo kept throttling (429) beyond the retry budget: no contract verdict',
    icon: ':traffic_light:',
    whatToDo:
      'Pluvo is rate-limiting our API client: lower PLUVO_CONCURRENCY, or find the other integration sharing the client; ask Pluvo for a higher limit if it lasts.',
    junit: 'error',
    severity: 'error',
  },
  'budget-exceeded': {
    name: "the monitor's own budget ran out",
    held: false,
    pluvos: false,
    ran: true,
    state: 'unknown',
    incident: 'budget',
    // The checks ran on our client's token until our own limit stopped them; whether Pluvo answered, a time limit does not say.
    clears: ['monitor', 'credentials'],
    policyKey: 'budget',
    headline: 'The monitor ran out of its own budget (no verdict on Pluvo)',
    recovered: 'The monitor finishes within its budget again',
    because: 'Monitor budget exceeded (our own request or time limit, not Pluvo): no contract verdict',
    icon: ':stopwatch:',
    whatToDo:
      'Our own limit, not Pluvo: the run hit PLUVO_MAX_REQUESTS or PLUVO_CHECK_TIMEOUT_MS (the failures say which). Raise it, or narrow PLUVO_WALK, if the organisation grew.',
    junit: 'error',
    severity: 'warning',
  },
  'credentials-refused': {
    name: 'Pluvo refused our API client',
    held: false,
    pluvos: false,
    ran: true,
    state: 'unknown',
    incident: 'credentials',
    clears: ['monitor', 'outage'],
    policyKey: 'credentials',
    headline: "Pluvo refused the monitor's API client (no verdict on Pluvo)",
    recovered: "Pluvo accepts the monitor's API client again",
    because: 'Pluvo refused our API client or a scope it asks for: no contract verdict',
    icon: ':closed_lock_with_key:',
    whatToDo:
      'Pluvo refused our API client: check its client id and secret where the monitor runs (a rotated secret?), or whether the client or a scope was revoked in Pluvo.',
    junit: 'error',
    severity: 'error',
  },
  'not-onboarded': {
    name: 'not onboarded',
    held: false,
    pluvos: false,
    ran: true,
    state: 'unknown',
    incident: 'setup',
    clears: ['monitor'],
    policyKey: 'not-onboarded',
    headline: 'A target is not onboarded (no verdict on Pluvo)',
    recovered: 'The target is onboarded',
    because: 'Target not onboarded: nothing is pinned for it, so there is nothing to compare with (run `npm run onboard`)',
    icon: ':seedling:',
    whatToDo: 'Nothing is pinned for this target yet: run `npm run onboard` for it and commit what it writes.',
    junit: 'error',
    severity: 'warning',
  },
  'monitor-error': {
    name: 'monitor error',
    held: false,
    pluvos: false,
    ran: false,
    state: 'unknown',
    incident: 'monitor',
    clears: [],
    policyKey: 'monitor-error',
    headline: 'The monitor itself failed (no verdict on Pluvo)',
    recovered: 'The monitor runs again',
    icon: ':warning:',
    whatToDo: 'The monitor itself failed, so nothing is known about Pluvo: fix what the error names and run `npm start` to see it pass.',
    junit: 'error',
    severity: 'warning',
  },
  interrupted: {
    name: 'interrupted',
    held: false,
    pluvos: false,
    ran: false,
    state: 'unknown',
    clears: [],
    headline: 'The run was stopped',
    recovered: 'The run was stopped',
    icon: ':stop_button:',
    whatToDo: 'Stopped on purpose: nothing to do.',
    junit: 'skipped',
    severity: 'info',
  },
  skipped: {
    name: 'skipped',
    held: false,
    pluvos: false,
    ran: false,
    state: 'unknown',
    clears: [],
    headline: 'Skipped',
    recovered: 'Skipped',
    icon: ':heavy_minus_sign:',
    whatToDo: 'Nothing to do: skipped as planned.',
    junit: 'skipped',
    severity: 'info',
  },
  'not-run': {
    name: 'not run',
    held: false,
    pluvos: false,
    ran: false,
    state: 'unknown',
    clears: [],
    headline: 'Not run',
    recovered: 'Not run',
    icon: ':heavy_minus_sign:',
    whatToDo: "Nothing of its own: the run's trouble kept it from running.",
    junit: 'skipped',
    severity: 'info',
  },
};

/**
 * The one precedence order, for a check with several failures and for a run with several checks:
 * a broken contract outweighs any trouble, our own setup any of Pluvo's, and an outage throttling
 * or our own budget (which an outage's timeouts use up).
 */
export const PRECEDENCE: readonly CheckVerdict[] = [
  'failed',
  'not-onboarded',
  'credentials-refused',
  'unavailable',
  'throttled',
  'budget-exceeded',
  'degraded',
  'flaky',
  'passed',
  'not-run',
  'skipped',
];

/** The verdict a failure's cause gives a check. */
export const VERDICT_OF_CAUSE: Record<Cause, CheckVerdict> = {
  contract: 'failed',
  unavailable: 'unavailable',
  throttled: 'throttled',
  budget: 'budget-exceeded',
  credentials: 'credentials-refused',
  config: 'not-onboarded',
};

/** The worst of several verdicts, by the one order; undefined for none. */
export function worstOf<V extends CheckVerdict>(verdicts: Iterable<V>): V | undefined {
  let worst: V | undefined;
  for (const verdict of verdicts) if (worst === undefined || PRECEDENCE.indexOf(verdict) < PRECEDENCE.indexOf(worst)) worst = verdict;
  return worst;
}

/** The cause that decides a check with these failures: the one whose verdict comes first. */
export function causeOfFailures(failures: readonly { cause: Cause }[]): Cause | undefined {
  const verdict = worstOf(failures.map((failure) => VERDICT_OF_CAUSE[failure.cause]));
  return failures.find((failure) => VERDICT_OF_CAUSE[failure.cause] === verdict)?.cause;
}

/** The verdict that opens an incident of this kind. */
export const VERDICT_OF_INCIDENT = Object.fromEntries(
  (Object.entries(VERDICTS) as [Verdict, VerdictMeaning][]).filter(([, meaning]) => meaning.incident).map(([verdict, meaning]) => [meaning.incident, verdict]),
) as Record<IncidentKind, RunVerdict>;

/** Whether a run with this verdict exits 1: a contract broken, or no verdict at all. A stop is its own exit. */
export const failsTheRun = (verdict: RunVerdict): boolean => !VERDICTS[verdict].held && verdict !== 'interrupted';

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  unknown: 'Unknown',
};

/** Worst first, for a day's bar or a page's headline. */
export const STATE_ORDER: readonly ComponentState[] = ['major_outage', 'partial_outage', 'degraded_performance', 'unknown', 'operational'];

/** The one palette: a verdict is drawn in its state's colour, and a legend names them. */
export const STATE_COLOURS: Record<ComponentState, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  unknown: '#6e7781',
};

/** "Pluvo did not answer", "The monitor's own budget ran out": a verdict's name at the start of a line. */
export const nameAtStart = (verdict: Verdict): string => VERDICTS[verdict].name.charAt(0).toUpperCase() + VERDICTS[verdict].name.slice(1);

/** A verdict's meaning; a word from an older history that is no verdict any more reads as unknown. */
export function meaningOf(verdict: string): VerdictMeaning {
  return VERDICTS[verdict as Verdict] ?? VERDICTS['not-run'];
}

/**
 * Whether Pluvo answered most of a run's checks (more held, on a retry or slowly, than not; those
 * skipped as planned left out): trouble beside that is Pluvo failing part of the time. A few
 * checks held while most got no answer (the token endpoint up, GraphQL down) is an outage.
 */
export function answeredMost(checkVerdicts: Iterable<string>): boolean {
  let held = 0;
  let counted = 0;
  for (const verdict of checkVerdicts) {
    if (verdict === 'skipped') continue;
    counted += 1;
    if (meaningOf(verdict).held) held += 1;
  }
  return held * 2 > counted;
}

/**
 * A run's meaning: its verdict's, in its partial form (`inPart`) when Pluvo answered most of the
 * run's checks (answeredMost). Every output that says what a run was reads this, never the bare verdict's state.
 */
export function meaningOfRun(verdict: string, answeredInPart: boolean | (() => boolean)): VerdictMeaning {
  const meaning = meaningOf(verdict);
  // Asked only of a verdict that has a partial form: a status page reads every line of 90 days' history.
  if (!meaning.inPart) return meaning;
  const inPart = typeof answeredInPart === 'function' ? answeredInPart() : answeredInPart;
  return inPart ? { ...meaning, ...meaning.inPart } : meaning;
}
