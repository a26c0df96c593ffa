import { DEFAULT_POLICY, type AlertPolicy } from '../config/policy';
import { meaningOfRun, VERDICT_OF_INCIDENT, VERDICTS, type IncidentKind, type VerdictMeaning } from '../outcome/verdict';
import { troubleLine } from './failure-groups';
import { answeredInPart, checkVerdict, countsOf, failuresOf, type RunSummary, type RunVerdict } from './run-summary';

/** What was told of an incident or a flaky streak, and when, for reminders and changes. */
export interface Told {
  fingerprint: string;
  at: string;
  lastAt: string;
  reminders: number;
}

/** One kind of trouble while it lasts: since its first run, over how many runs, what it is, and what was told. */
export interface OpenIncident {
  since: string;
  runs: number;
  /** What it is, in one line, as its latest run said it: what a recovery says recovered. */
  what: string;
  told?: Told;
}

/**
 * What alerting remembers about one target between runs (reports/state.json): each kind of
 * trouble open now (its own start, streak and reminders), the flaky streak, the notices told.
 */
export interface TargetAlertState {
  incidents: Partial<Record<IncidentKind, OpenIncident>>;
  /** The current streak of runs that passed only on retry, and whether it was told. */
  flakyRuns: number;
  flakyTold?: Told & { what: string };
  /** The notices already told about. */
  noticed?: string;
}

export const EMPTY_TARGET_STATE: TargetAlertState = { incidents: {}, flakyRuns: 0 };

/** failure: an incident is told; change: what it is changed; reminder: it lasts; recovery: it is over. */
export type AlertKind = 'failure' | 'change' | 'reminder' | 'recovery' | 'notice' | 'flaky';

/** One thing to tell about a target: of which incident, since when, over how many runs. */
export interface Alert {
  kind: AlertKind;
  /** The incident it is about (none for a notice or a flaky streak), and the verdict that opens it. */
  incident?: IncidentKind;
  verdict: RunVerdict;
  /** Its run's checks were answered in part: the verdict's partial form (src/outcome/verdict.ts). */
  inPart?: true;
  since?: string;
  runs?: number;
  /** A recovery: what recovered, as it was last said. */
  what?: string;
}

/** What an alert is about, as every sink says it: its verdict's meaning, in its partial form when its run was answered in part. */
export const meaningOfAlert = (alert: Pick<Alert, 'verdict' | 'inPart'>): VerdictMeaning => meaningOfRun(alert.verdict, alert.inPart === true);

export interface AlertDecision {
  /** The probable cause first: what is wrong now, then what is over, then notices. */
  alerts: Alert[];
  /** The state to keep once the alerts (if any) have been delivered. */
  next: TargetAlertState;
  /** Trouble not told yet, and why (a blip until it repeats): for the console. */
  heldBack?: string;
  /** Trouble told before and the same this run, so not told again: since when, when it was told, and when it will be (for the console). */
  notRepeated?: NotRepeated;
}

/** An incident already told, this run the same: what the console says instead of a message. */
export interface NotRepeated {
  /** What it is, as the held-back line names it ("contract broken"). */
  name: string;
  since: string;
  runs: number;
  toldAt: string;
  /** When the next reminder is due; absent once PLUVO_REMIND_MAX reminders have gone. */
  nextReminderAt?: string;
  reminders: number;
}

/** Which checks an incident is about: a different set of broken contracts is a change worth telling; other trouble is one thing however many checks it hits. */
function fingerprint(incident: IncidentKind, summary: RunSummary): string {
  if (incident !== 'contract') return incident;
  return `contract:${failuresOf(summary)
    .filter((check) => checkVerdict(check) === 'failed')
    .map((c) => c.checkId)
    .sort()
    .join(',')}`;
}

/** Runs in a row before this run's trouble is told: the most urgent of what is wrong decides. */
function runsBeforeAlert(summary: RunSummary, policy: AlertPolicy): { runs: number; key: string } {
  const policyKey = VERDICTS[summary.verdict].policyKey;
  const keys: string[] =
    policyKey === 'area'
      ? failuresOf(summary)
          .filter((check) => checkVerdict(check) === 'failed')
          .map((check) => check.area)
      : policyKey
        ? [policyKey]
        : [];
  const thresholds = keys.map((key) => ({ key, runs: policy.afterRuns[key] ?? 1 }));
  return thresholds.sort((a, b) => a.runs - b.runs)[0] ?? { runs: 1, key: summary.verdict };
}

const minutesSince = (iso: string, now: Date) => (now.getTime() - Date.parse(iso)) / 60_000;

/**
 * What to tell about a target after a run, and what to remember. Each kind of trouble is its own
 * incident (src/outcome/verdict.ts says which verdict opens which, and which a run shows over):
 * told once it has lasted the policy's runs, told again when it changes or as a reminder, and
 * told over, with how long it lasted, when a run shows it gone. A blip that was never told needs
 * no recovery. A stop changes nothing.
 */
export function decideAlert(
  previous: TargetAlertState,
  summary: RunSummary,
  policy: AlertPolicy = DEFAULT_POLICY,
  now: Date = new Date(summary.at),
): AlertDecision {
  const at = now.toISOString();
  const meaning = VERDICTS[summary.verdict];
  const notices = [...summary.notices].sort().join('\n');
  const noticesAreNew = notices !== '' && notices !== previous.noticed;
  if (summary.verdict === 'interrupted') return { alerts: [], next: previous };

  const incidents = { ...previous.incidents };
  const toldNow: Alert[] = [];
  const over: Alert[] = [];
  let heldBack: string | undefined;
  let notRepeated: NotRepeated | undefined;

  for (const kind of meaning.clears) {
    const open = incidents[kind];
    if (!open) continue;
    delete incidents[kind];
    if (open.told) over.push({ kind: 'recovery', incident: kind, verdict: VERDICT_OF_INCIDENT[kind], since: open.since, runs: open.runs, what: open.what });
  }

  const kind = meaning.incident;
  if (kind) {
    const before = incidents[kind];
    const open: OpenIncident = {
      since: before?.since ?? at,
      runs: (before?.runs ?? 0) + 1,
      what: troubleLine(summary),
      ...(before?.told ? { told: before.told } : {}),
    };
    incidents[kind] = open;
    const threshold = runsBeforeAlert(summary, policy);
    const due = policy.afterMinutes > 0 ? minutesSince(open.since, now) >= policy.afterMinutes : open.runs >= threshold.runs;
    const fp = fingerprint(kind, summary);
    // Asked once: the alerts carry it, and the held-back line says the run as they would.
    const partly = !!meaning.inPart && answeredInPart(summary);
    const alert = (alertKind: AlertKind): Alert => ({
      kind: alertKind,
      incident: kind,
      verdict: summary.verdict,
      ...(partly ? { inPart: true as const } : {}),
      since: open.since,
      runs: open.runs,
    });
    const told = meaningOfRun(summary.verdict, partly);
    if (!due) {
      heldBack =
        policy.afterMinutes > 0
          ? `${told.name} for ${Math.floor(minutesSince(open.since, now))} of ${policy.afterMinutes} min before it is told (PLUVO_ALERT_AFTER_MINUTES)`
          : `${told.name} in ${open.runs} of ${threshold.runs} runs in a row before it is told (PLUVO_ALERT_AFTER_RUNS_${threshold.key.toUpperCase().replace('-', '_')})`;
    } else if (!open.told) {
      open.told = { fingerprint: fp, at, lastAt: at, reminders: 0 };
      toldNow.push(alert('failure'));
    } else if (open.told.fingerprint !== fp) {
      open.told = { ...open.told, fingerprint: fp, lastAt: at };
      toldNow.push(alert('change'));
    } else if (open.told.reminders < policy.remindMax && minutesSince(open.told.lastAt, now) >= policy.remindEveryHours * 60) {
      open.told = { ...open.told, lastAt: at, reminders: open.told.reminders + 1 };
      toldNow.push(alert('reminder'));
    } else {
      const { reminders, lastAt } = open.told;
      const next = reminders < policy.remindMax ? new Date(Date.parse(lastAt) + policy.remindEveryHours * 3_600_000).toISOString() : undefined;
      notRepeated = { name: told.name, since: open.since, runs: open.runs, toldAt: open.told.at, reminders, ...(next ? { nextReminderAt: next } : {}) };
    }
  }

  // Flaky runs are told after several in a row, once; a run that is neither flaky nor a stop ends the streak.
  const stillStanding = summary.verdict === 'monitor-error';
  const flakyRuns = summary.verdict === 'flaky' ? previous.flakyRuns + 1 : stillStanding ? previous.flakyRuns : 0;
  let flakyTold = summary.verdict === 'flaky' || stillStanding ? previous.flakyTold : undefined;
  if (summary.verdict === 'flaky' && flakyRuns >= policy.flakyAfterRuns && !flakyTold) {
    const flaky = summary.checks.filter((c) => c.outcome === 'flaky');
    flakyTold = {
      fingerprint: `flaky:${flaky
        .map((c) => c.checkId)
        .sort()
        .join(',')}`,
      at,
      lastAt: at,
      reminders: 0,
      what: troubleLine(summary),
    };
    toldNow.push({ kind: 'flaky', verdict: 'flaky', runs: flakyRuns });
  }

  const next: TargetAlertState = {
    incidents,
    flakyRuns,
    ...(flakyTold ? { flakyTold } : {}),
    ...(notices ? { noticed: notices } : previous.noticed ? { noticed: previous.noticed } : {}),
  };
  // A new notice rides along in a message of trouble (which lists the notices); on its own, it is its own message.
  const alerts = [...toldNow, ...over, ...(noticesAreNew && !toldNow.length ? [{ kind: 'notice' as const, verdict: summary.verdict }] : [])];
  return { alerts, next, ...(heldBack ? { heldBack } : {}), ...(notRepeated ? { notRepeated } : {}) };
}

/**
 * What a sink remembers when this run's alerts did not reach it: the trouble as it stands now
 * (since when, how many runs, what it is), but only what reached it before as told, so that its
 * next run tells it what it missed, with the incident's true start, and no other sink hears it twice.
 * A told incident this run showed over stays, until its recovery reaches the sink.
 */
export function untoldState(previous: TargetAlertState, next: TargetAlertState): TargetAlertState {
  const incidents: TargetAlertState['incidents'] = {};
  for (const kind of new Set([...Object.keys(previous.incidents), ...Object.keys(next.incidents)]) as Set<IncidentKind>) {
    const was = previous.incidents[kind];
    const now = next.incidents[kind];
    if (now) {
      const { told: _toldNow, ...facts } = now;
      incidents[kind] = { ...facts, ...(was?.told ? { told: was.told } : {}) };
    } else if (was?.told) incidents[kind] = was;
  }
  return {
    incidents,
    flakyRuns: next.flakyRuns,
    ...(previous.flakyTold ? { flakyTold: previous.flakyTold } : {}),
    ...(previous.noticed ? { noticed: previous.noticed } : {}),
  };
}

/**
 * Whether two states say the same was told, whenever it was: a sink that caught up a run late
 * then needs no state of its own (its reminders follow the others').
 */
export function sameTold(a: TargetAlertState, b: TargetAlertState): boolean {
  const withoutWhen = (state: TargetAlertState) => JSON.stringify(state, (key, value) => (key === 'at' || key === 'lastAt' ? undefined : (value as unknown)));
  return withoutWhen(a) === withoutWhen(b);
}

/** Whether a target has trouble that was told and is not over: what the heartbeat reports as failing. */
export const isPaging = (state: TargetAlertState): boolean => Object.values(state.incidents).some((incident) => incident?.told);

/** A short count line for messages and the console; checks the preflight kept from running are counted as not run. */
export function countLine(summary: Pick<RunSummary, 'checks'>): string {
  const c = countsOf(summary);
  return [
    `${c.failed} failed`,
    ...(c['not-run'] ? [`${c['not-run']} not run`] : []),
    `${c.passed} passed`,
    ...(c.degraded ? [`${c.degraded} degraded`] : []),
    ...(c.flaky ? [`${c.flaky} flaky`] : []),
    `${c.skipped} skipped`,
  ].join(', ');
}
