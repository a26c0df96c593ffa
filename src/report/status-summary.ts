import { meaningOfLine, type HistoryLine } from './alert-files';
import { meaningOf, SHARED_INCIDENT_AT, STATE_ORDER, type ComponentState, type VerdictMeaning } from '../outcome/verdict';
import { incidentName, incidents, isStale, meaningOfIncident, runsByTarget, stateNow, type Incident, type StatusPageOptions } from './status-page';
import { namedFew, organisationsCounted } from '../text/named-few';
import { counted } from '../text/counted';

/**
 * reports/summary.json in the shape of Atlassian Statuspage's `/api/v2/summary.json`, so that
 * what reads a Statuspage (a dashboard widget, a status aggregator, a script) reads ours: each
 * target a group component with its checks as components, the incidents still open, and the
 * page's indicator. Statuspage has no "unknown": a target or check without a verdict keeps the
 * last state Pluvo was seen in, and its description says why it is not current; a check that its
 * target's outage kept from running is in the outage's state (checkComponentState).
 */
type StatuspageStatus = Exclude<ComponentState, 'unknown'>;

const INDICATOR: Record<StatuspageStatus, { indicator: 'none' | 'minor' | 'major' | 'critical'; description: string }> = {
  operational: { indicator: 'none', description: 'All Systems Operational' },
  degraded_performance: { indicator: 'minor', description: 'Minor Service Outage' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major System Outage' },
};
const IMPACT: Record<StatuspageStatus, 'none' | 'minor' | 'major' | 'critical'> = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
/** Statuspage's impacts, the least first: IMPACT's, as its states go from operational to a major outage. */
const IMPACT_ORDER: readonly string[] = Object.values(IMPACT);
const PAGE_ID = 'pluvo-contract-monitor';

/** A stable id from a key, in Statuspage's alphabet. */
function idOf(key: string): string {
  let hash = 5381;
  for (const char of key) hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0;
  return `pcm${hash.toString(36)}`;
}

/** The last state that says something of Pluvo, walking back from the newest line. */
function lastKnown(states: Array<{ at: string; state: ComponentState }>): { state: StatuspageStatus; at?: string } {
  for (let i = states.length - 1; i >= 0; i--) {
    const { state, at } = states[i]!;
    if (state !== 'unknown') return { state, at };
  }
  return { state: 'operational' };
}

/**
 * A check's component: its state in the last run when it ran there. Kept from running by the
 * run's own trouble that says how Pluvo is (it did not answer, it kept throttling), it is in the
 * state that trouble puts its target in: an organisation that does not answer does not answer for
 * any of its checks, and Statuspage's readers count components (the status page shows such a check
 * as "not run" beside its target's outage). Otherwise (skipped as planned, a run stopped or broken
 * on our side, our client refused) the last state it was seen in. The description is its id, and
 * says why when the state is not its own from the last run.
 */
function checkComponentState(id: string, lines: readonly HistoryLine[], run: VerdictMeaning): { status: StatuspageStatus; description: string } {
  const outcome = lines.at(-1)!.checks[id]![0];
  const own = meaningOf(outcome);
  if (own.state !== 'unknown') return { status: own.state, description: id };
  // Trouble that keeps checks from a verdict (the table's `because`) and says how Pluvo is.
  if (outcome === 'not-run' && run.because !== undefined && run.state !== 'unknown')
    return { status: run.state, description: `${id}: not run in the last run: ${run.name}` };
  const seen = lastKnown(lines.filter((line) => line.checks[id]).map((line) => ({ at: line.at, state: meaningOf(line.checks[id]![0]).state })));
  return { status: seen.state, description: `${id}: ${own.name} in the last run${seen.at ? `; as last checked ${seen.at}` : ''}` };
}

/** A target's incident that is still open, with what its Statuspage incident needs of the target. */
interface Ongoing {
  incident: Incident;
  target: string;
  key: string;
  groupId: string;
  status: StatuspageStatus;
  updatedAt: string;
}

/**
 * The open incidents by kind, the most widespread first: those SHARED_INCIDENT_AT or more targets
 * share are one group, as PagerDuty and GitHub issues tell them; each other a group of its own.
 */
function byKind(ongoing: readonly Ongoing[]): Ongoing[][] {
  const kinds = new Map<string, Ongoing[]>();
  for (const each of ongoing) (kinds.get(each.incident.kind) ?? kinds.set(each.incident.kind, []).get(each.incident.kind)!).push(each);
  const shared = [...kinds.values()].filter((group) => group.length >= SHARED_INCIDENT_AT).sort((a, b) => b.length - a.length);
  const inShared = new Set(shared.flat());
  return [...shared, ...ongoing.filter((each) => !inShared.has(each)).map((each) => [each])];
}

/** Statuspage's incident, as its API gives one: an update that says what and how long, and the components it affects. */
function statuspageIncident(
  id: string,
  name: string,
  from: string,
  updatedAt: string,
  impact: string,
  shortlink: string | undefined,
  body: string,
  components: object[],
): object {
  return {
    id,
    name,
    status: 'investigating',
    created_at: from,
    updated_at: updatedAt,
    monitoring_at: null,
    resolved_at: null,
    impact,
    shortlink: shortlink ?? null,
    started_at: from,
    page_id: PAGE_ID,
    incident_updates: [
      {
        id: `${id}u`,
        status: 'investigating',
        body,
        incident_id: id,
        created_at: from,
        updated_at: updatedAt,
        display_at: from,
        affected_components: null,
        deliver_notifications: false,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
    components,
  };
}

const impactOf = (incident: Incident) => {
  const state = meaningOfIncident(incident).state;
  return state === 'unknown' ? 'none' : IMPACT[state];
};

/** One target's open incident. */
function ownIncident({ incident, target, key, groupId, status, updatedAt }: Ongoing): object {
  const id = idOf(`${key}\n${incident.kind}\n${incident.from}`);
  const body = `${incident.said ?? meaningOfIncident(incident).name} (${counted(incident.runs, 'run')}; alerts sent: ${incident.alerts.join('; ') || 'none'})`;
  return statuspageIncident(id, `${target}: ${incidentName(incident)}`, incident.from, updatedAt, impactOf(incident), incident.report, body, [
    { id: groupId, name: target, status },
  ]);
}

/** Organisations to name in a shared incident's update before the rest are counted (its components list them all). */
const NAMED = 10;

/** The open incident of one kind that several targets share: one incident, every target's component in it, as bad as the worst. */
function sharedIncident(group: readonly Ongoing[]): object {
  const worst = [...group].sort((a, b) => IMPACT_ORDER.indexOf(impactOf(b.incident)) - IMPACT_ORDER.indexOf(impactOf(a.incident)))[0]!;
  const from = group.map((each) => each.incident.from).sort()[0]!;
  const name = `${meaningOfIncident(worst.incident).headline}: ${organisationsCounted(group.length)}`;
  return statuspageIncident(
    idOf(`shared\n${worst.incident.kind}\n${from}`),
    name,
    from,
    group
      .map((each) => each.updatedAt)
      .sort()
      .at(-1)!,
    impactOf(worst.incident),
    group.find((each) => each.incident.report)?.incident.report,
    `${name}: ${namedFew(
      group.map((each) => each.target),
      NAMED,
    )}.`,
    group.map(({ groupId, target, status }) => ({ id: groupId, name: target, status })),
  );
}

export function statusSummary(history: readonly HistoryLine[], now: Date, options: StatusPageOptions = {}): object {
  const updated = now.toISOString();
  const components: object[] = [];
  const open: object[] = [];
  let worst: StatuspageStatus = 'operational';
  let position = 0;
  const unknownNow: string[] = [];
  const ongoing: Ongoing[] = [];
  for (const [key, lines] of runsByTarget(history, now)) {
    const last = lines.at(-1)!;
    // What the last run was, asked once: the group and each of its checks read it.
    const lastRun = meaningOfLine(last);
    const groupId = idOf(key);
    const known = lastKnown(lines.map((line) => ({ at: line.at, state: meaningOfLine(line).state })));
    const stale = isStale(last, now, options);
    const why = stale ? `stale: no run since ${last.at}` : lastRun.state === 'unknown' ? `no verdict on Pluvo in the last run: ${lastRun.name}` : undefined;
    if (stateNow(last, now, options).state === 'unknown') unknownNow.push(last.target);
    if (STATE_ORDER.indexOf(known.state) < STATE_ORDER.indexOf(worst)) worst = known.state;
    const checkIds = Object.keys(last.checks).sort();
    components.push({
      id: groupId,
      name: last.target,
      status: known.state,
      created_at: lines[0]!.at,
      updated_at: last.at,
      position: ++position,
      description: why ?? `last checked ${last.at}: ${lastRun.name}`,
      showcase: true,
      start_date: lines[0]!.at.slice(0, 10),
      group_id: null,
      page_id: PAGE_ID,
      group: true,
      only_show_if_degraded: false,
      components: checkIds.map((id) => idOf(`${key}\n${id}`)),
    });
    for (const id of checkIds) {
      const { status, description } = checkComponentState(id, lines, lastRun);
      components.push({
        id: idOf(`${key}\n${id}`),
        name: options.titles?.[id] ?? [...lines].reverse().find((line) => line.titles?.[id])?.titles?.[id] ?? id,
        status,
        created_at: lines.find((line) => line.checks[id])!.at,
        updated_at: last.at,
        position: ++position,
        description,
        showcase: false,
        start_date: lines.find((line) => line.checks[id])!.at.slice(0, 10),
        group_id: groupId,
        page_id: PAGE_ID,
        group: false,
        only_show_if_degraded: false,
      });
    }
    // The same incidents as the status page and the alerts: each kind of trouble its own.
    for (const incident of incidents(lines).filter((each) => !each.until))
      ongoing.push({ incident, target: last.target, key, groupId, status: known.state, updatedAt: last.at });
  }
  for (const group of byKind(ongoing)) open.push(group.length >= SHARED_INCIDENT_AT ? sharedIncident(group) : ownIncident(group[0]!));
  return {
    page: { id: PAGE_ID, name: 'Pluvo contract monitor', url: options.pageUrl ?? '', time_zone: 'Etc/UTC', updated_at: updated },
    components,
    incidents: open,
    scheduled_maintenances: [],
    // Statuspage has no "unknown": the indicator is the worst state Pluvo was last seen in, and the words say what is not current.
    status: unknownNow.length
      ? {
          ...INDICATOR[worst],
          description: `${INDICATOR[worst].description}; no current verdict for ${namedFew(unknownNow, 5)}`,
        }
      : INDICATOR[worst],
  };
}
