import { createHash } from 'node:crypto';
import { meaningOfRun, SHARED_INCIDENT_AT, VERDICT_OF_INCIDENT, type IncidentKind } from '../outcome/verdict';
import { alertSeverity, SEVERITY_ORDER } from '../report/advice';
import type { Alert } from '../report/alert-policy';
import { organisationsCounted } from '../text/named-few';
import type { RunResult, TargetResult } from './sink';

/**
 * One incident for trouble that many organisations share, for the sinks that open an incident per
 * organisation (PagerDuty, GitHub issues). A vendor watching hundreds of organisations met a
 * Pluvo-wide outage as hundreds of pages and issues, delivered over several runs as rate limits
 * allowed; Slack, Teams and the webhook already told it in one message.
 *
 * An incident is shared when at least SHARED_INCIDENT_AT organisations of a run open the same kind of
 * trouble in it. Organisations that open that kind later join it, each recovery leaves it, and it
 * ends when its last member has left. A member that is no longer in that trouble without a recovery
 * to tell (its state was reset) leaves quietly. Only members that are targets of the run are
 * touched: a narrowed run, or another job on the same PagerDuty service or repository, leaves the
 * rest as they are. Trouble at fewer organisations stays one incident each, as specific as before.
 */

/** An alert with the target it is about. */
export interface TargetAlert {
  alert: Alert;
  target: TargetResult;
}

/** A shared incident as a sink keeps it: its id (its kind and who opened it), and its members by target key. */
export interface SharedIncident {
  id: string;
  members: readonly string[];
}

/** What a run changes of one shared incident. */
export interface SharedTurn {
  id: string;
  incident: IncidentKind;
  /** Opened by this run. */
  opened: boolean;
  joining: TargetAlert[];
  /** Members whose recovery this run tells. */
  leaving: TargetAlert[];
  /** Members' changes and reminders. */
  news: TargetAlert[];
  /** Members of the run no longer in this trouble, with no recovery to tell. */
  quietlyGone: string[];
  /** Its members once this run is told; none: it is over. */
  after: string[];
}

/** The kind of trouble a shared incident's id names. */
export const kindOfShared = (id: string): IncidentKind => id.split(':')[0] as IncidentKind;

/** Which alerts go to a shared incident this run, and which stay one incident a target. */
export function planShared(work: readonly TargetAlert[], open: readonly SharedIncident[], result: RunResult): { own: TargetAlert[]; turns: SharedTurn[] } {
  const inRun = new Map(result.targets.map((target) => [target.summary.targetKey, target]));
  // A notice or a flaky streak is no incident: it is each target's own.
  const own: TargetAlert[] = work.filter(({ alert }) => !alert.incident);
  const turns: SharedTurn[] = [];
  const kinds = new Set(work.flatMap(({ alert }) => (alert.incident ? [alert.incident] : [])));
  for (const shared of open) kinds.add(kindOfShared(shared.id));
  for (const kind of kinds) {
    const alerts = work.filter(({ alert }) => alert.incident === kind);
    // Ours: a member of it is a target of this run. Usually one; two jobs' incidents merged into one run's are each told.
    const ours = open.filter((shared) => kindOfShared(shared.id) === kind && shared.members.some((key) => inRun.has(key)));
    const memberOf = (each: TargetAlert) => ours.find((shared) => shared.members.includes(each.target.summary.targetKey));
    const opening = alerts.filter((each) => each.alert.kind === 'failure' && !memberOf(each));
    if (!ours.length && opening.length < SHARED_INCIDENT_AT) {
      own.push(...alerts);
      continue;
    }
    const told: TargetAlert[] = [...opening];
    // Who opens it now joins the first of ours, or opens one.
    for (const [nth, shared] of (ours.length ? ours : [undefined]).entries()) {
      const members = new Set(shared?.members ?? []);
      const mine = alerts.filter((each) => shared && memberOf(each) === shared);
      const leaving = mine.filter((each) => each.alert.kind === 'recovery');
      const news = mine.filter((each) => each.alert.kind !== 'recovery');
      const joining = nth === 0 ? opening : [];
      told.push(...mine);
      const spoken = new Set(mine.map(({ target }) => target.summary.targetKey));
      const quietlyGone = [...members].filter((key) => {
        const target = inRun.get(key);
        return target && !spoken.has(key) && !target.decision.next.incidents[kind];
      });
      const gone = new Set([...leaving.map(({ target }) => target.summary.targetKey), ...quietlyGone]);
      const after = [...[...members].filter((key) => !gone.has(key)), ...joining.map(({ target }) => target.summary.targetKey)];
      const id = shared?.id ?? `${kind}:${createHash('sha256').update(after.join('\n')).digest('hex').slice(0, 12)}`;
      turns.push({ id, incident: kind, opened: !shared, joining, leaving, news, quietlyGone, after });
    }
    own.push(...alerts.filter((each) => !told.includes(each)));
  }
  // The most urgent first, as the digests order them.
  return { own, turns: turns.sort((a, b) => urgency(a) - urgency(b)) };
}

/** The targets a turn tells about: those a failed delivery of it leaves to be told again. */
export const targetsOfTurn = (turn: SharedTurn): string[] => [...turn.joining, ...turn.leaving, ...turn.news].map(({ target }) => target.summary.targetKey);

/** "Pluvo API unavailable": the trouble a shared incident is of. */
export const troubleOf = (turn: Pick<SharedTurn, 'incident'>): string => meaningOfRun(VERDICT_OF_INCIDENT[turn.incident], false).headline;

/** "Pluvo API unavailable: 48 organisations". */
export function sharedHeadline(turn: Pick<SharedTurn, 'incident' | 'after'>, count = turn.after.length): string {
  return `${troubleOf(turn)}: ${organisationsCounted(count)}`;
}

/** The alert that speaks for the shared incident: a member's trouble as it is told this run, or the kind's own. */
export function voiceOf(turn: SharedTurn): Alert {
  const troubles = [...turn.joining, ...turn.news].map(({ alert }) => alert).filter((alert) => alert.kind !== 'reminder');
  const [worst] = troubles.sort((a, b) => SEVERITY_ORDER.indexOf(alertSeverity(a)) - SEVERITY_ORDER.indexOf(alertSeverity(b)));
  return worst ?? { kind: 'failure', incident: turn.incident, verdict: VERDICT_OF_INCIDENT[turn.incident] };
}

/** When its members' trouble began: the earliest start of those in this run. */
export function sharedSince(turn: SharedTurn, result: RunResult): string {
  const starts = result.targets
    .filter((target) => turn.after.includes(target.summary.targetKey))
    .flatMap((target) => target.decision.next.incidents[turn.incident]?.since ?? []);
  return starts.sort()[0] ?? result.at;
}

/** Where a shared incident's messages link to: the links of the run that told a member's trouble (they are the run's, the same for every target). */
export const contextOf = (turn: SharedTurn): TargetResult['context'] => (turn.joining[0] ?? turn.news[0])?.target.context ?? {};

/** Its members as people read them (the run's labels; a member this run did not check, by its address). */
export function memberLabels(members: readonly string[], result: RunResult): string[] {
  const labels = new Map(result.targets.map((target) => [target.summary.targetKey, target.summary.target]));
  return members.map((key) => labels.get(key) ?? key);
}

const urgency = (turn: SharedTurn): number => (turn.after.length ? SEVERITY_ORDER.indexOf(alertSeverity(voiceOf(turn))) : SEVERITY_ORDER.length);
