import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../files/write-atomic';
import { alertSeverity, whatToDo } from '../report/advice';
import { meaningOfAlert, type Alert } from '../report/alert-policy';
import { headline, type MessageContext } from '../report/slack-message';
import { redact } from '../security/redact';
import {
  contextOf,
  kindOfShared,
  memberLabels,
  planShared,
  sharedHeadline,
  sharedSince,
  targetsOfTurn,
  troubleOf,
  voiceOf,
  type SharedIncident,
  type SharedTurn,
} from './shared-incidents';
import { alertsOf, failureLine, postJson, type Delivery, type RunResult, type Sink, type SinkFactory, type TargetResult, SINK_DEADLINE_MS } from './sink';
import { cutTo } from '../text/cut';
import { namedFew } from '../text/named-few';
import { counted } from '../text/counted';

/** PagerDuty's limits: a dedup_key of at most 255 characters, a summary of at most 1,024. */
const MAX_DEDUP_KEY = 255;
const MAX_SUMMARY = 1_024;

/** One incident is one PagerDuty alert: the same key triggers it, updates it, and resolves it. */
export function dedupKey(targetKey: string, incident: string): string {
  const key = `pluvo-contract-monitor:${targetKey}:${incident}`;
  // A long target URL would pass PagerDuty's limit: its hash keeps the key stable and unique.
  return key.length <= MAX_DEDUP_KEY ? key : `pluvo-contract-monitor:${createHash('sha256').update(targetKey).digest('hex')}:${incident}`;
}

/** An Events API v2 event: what it does, to which PagerDuty alert, and the rest of its body. */
export type PagerDutyEvent = { routing_key: string; event_action: 'trigger' | 'resolve'; dedup_key: string } & Record<string, unknown>;

/** Where an event leads a responder: this run's report and the status page, when the settings give them. */
function linksOf(context: MessageContext): Record<string, unknown> {
  const links = [
    ...(context.reportUrl ? [{ href: context.reportUrl, text: "This run's report" }] : []),
    ...(context.statusUrl ? [{ href: context.statusUrl, text: 'The status page' }] : []),
  ];
  return { client: 'pluvo-contract-monitor', ...(context.statusUrl ? { client_url: context.statusUrl } : {}), ...(links.length ? { links } : {}) };
}

/** What a delivery that stopped partway got through, and why it stopped. */
const notAll = (sent: number, of: number, why: string) =>
  sent
    ? `PagerDuty: ${sent} of ${counted(of, 'event')} sent, the others not (${why}); they are tried again next run.`
    : `PagerDuty: not delivered (${why}); tried again next run.`;

/** The Events API v2 event of an alert, or undefined for one PagerDuty has no use for (a reminder: it escalates on its own; a notice; flakiness). */
export function pagerDutyEvent(routingKey: string, alert: Alert, target: TargetResult): PagerDutyEvent | undefined {
  if (!alert.incident) return undefined;
  const { summary, context } = target;
  const dedup_key = dedupKey(summary.targetKey, alert.incident);
  if (alert.kind === 'recovery') return { routing_key: routingKey, event_action: 'resolve', dedup_key };
  if (alert.kind !== 'failure' && alert.kind !== 'change') return undefined;
  const meaning = meaningOfAlert(alert);
  const what = target.decision.next.incidents[alert.incident]?.what ?? meaning.name;
  const text = redact(`${summary.target}: ${headline(alert, summary)}: ${what}`);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: cutTo(text, MAX_SUMMARY, '…'),
      source: summary.target,
      severity: alertSeverity(alert),
      timestamp: summary.at,
      component: summary.target,
      group: alert.incident,
      class: alert.verdict,
      custom_details: {
        since: alert.since,
        runs: alert.runs,
        what_to_do: whatToDo(alert),
        checks: summary.checks
          .filter((check) => check.outcome === 'failed' || check.outcome === 'degraded')
          .slice(0, 20)
          .map((check) => redact(check.title)),
      },
    },
    ...linksOf(context),
  };
}

/** Organisations a shared incident's summary names before it counts the rest. */
const NAMED_IN_SUMMARY = 5;
/** Organisations its details list: PagerDuty keeps an event's details under 512 KB. */
const LISTED_IN_DETAILS = 200;

/**
 * The event of a shared incident's turn (src/sinks/shared-incidents.ts): a trigger when it opens,
 * when organisations join it or its trouble changes, a resolve when its last member has left, and
 * none otherwise (a member's recovery while others are still in it; a reminder: PagerDuty escalates).
 */
export function sharedEvent(routingKey: string, turn: SharedTurn, result: RunResult): PagerDutyEvent | undefined {
  const dedup_key = `pluvo-contract-monitor:shared:${turn.id}`;
  if (!turn.after.length) return { routing_key: routingKey, event_action: 'resolve', dedup_key };
  if (!turn.opened && !turn.joining.length && !turn.news.some(({ alert }) => alert.kind === 'change')) return undefined;
  const voice = voiceOf(turn);
  const labels = memberLabels(turn.after, result);
  const named = namedFew(labels, NAMED_IN_SUMMARY);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: cutTo(redact(`${sharedHeadline(turn)} (${named})`), MAX_SUMMARY, '…'),
      source: 'Pluvo API',
      severity: alertSeverity(voice),
      timestamp: result.at,
      component: 'Pluvo API',
      group: kindOfShared(turn.id),
      class: voice.verdict,
      custom_details: {
        since: sharedSince(turn, result),
        organisations: labels.slice(0, LISTED_IN_DETAILS).map(redact),
        ...(labels.length > LISTED_IN_DETAILS ? { more_organisations: labels.length - LISTED_IN_DETAILS } : {}),
        joined_this_run: turn.joining.map(({ target }) => redact(target.summary.target)),
        what_to_do: whatToDo(voice),
      },
    },
    ...linksOf(contextOf(turn)),
  };
}

/** A shared incident as reports/pagerduty.json keeps it, or not one. */
const isSharedIncident = (value: unknown): value is SharedIncident =>
  typeof (value as SharedIncident)?.id === 'string' &&
  Array.isArray((value as SharedIncident).members) &&
  (value as SharedIncident).members.every((member) => typeof member === 'string');

/**
 * PagerDuty Events API v2 (PAGERDUTY_ROUTING_KEY): an incident's first alert and its changes
 * trigger one PagerDuty alert with a stable dedup_key (target and kind of trouble), its recovery
 * resolves it. One request an event, as the API asks; every one must be accepted (202).
 */
class PagerDutySink implements Sink {
  readonly id = 'pagerduty';
  readonly name = 'PagerDuty';
  readonly role = 'alert';
  /** The schema changes each target's change event told, so the same set is told once (reports/pagerduty.json). */
  private readonly memoryPath: string;

  constructor(
    private readonly routingKey: string,
    private readonly eventsUrl: string,
    reportsDir: string,
  ) {
    this.memoryPath = join(reportsDir, 'pagerduty.json');
  }

  async send(result: RunResult): Promise<Delivery> {
    const memory = this.memory();
    const { own, turns } = planShared(alertsOf(result), memory.shared, result);
    // Members that leave with nothing to send (a reminder, a quiet end) are kept as they are now;
    // an incident whose event must reach PagerDuty changes once PagerDuty has it.
    const keep = (turn: SharedTurn) => {
      memory.shared = [...memory.shared.filter((shared) => shared.id !== turn.id), ...(turn.after.length ? [{ id: turn.id, members: turn.after }] : [])];
    };
    const events: Array<{ targets: readonly string[]; event: PagerDutyEvent; accepted?: () => void; what?: string }> = [];
    for (const turn of turns) {
      const event = sharedEvent(this.routingKey, turn, result);
      // The console says what a shared alert is about, as GitHub's line does: its key alone says nothing.
      const what = turn.after.length ? sharedHeadline(turn) : `${troubleOf(turn)}: over at every organisation`;
      if (event) events.push({ targets: targetsOfTurn(turn), event, accepted: () => keep(turn), what });
      else keep(turn);
    }
    for (const { alert, target } of own) {
      const event = pagerDutyEvent(this.routingKey, alert, target);
      if (event) events.push({ targets: [target.summary.targetKey], event });
    }
    const told = memory.changes;
    const changes = result.targets.flatMap((target) => {
      const event = changeEvent(this.routingKey, target, told[target.summary.targetKey]);
      return event ? [{ target: target.summary.targetKey, event }] : [];
    });
    const remember = () => writeAtomically(this.memoryPath, `${JSON.stringify({ changes: told, shared: memory.shared }, null, 2)}\n`);
    if (!events.length && !changes.length) {
      if (turns.length) remember();
      return { delivered: true, line: '' };
    }
    const said = [
      ...events.map(({ event, what }) => `${event.event_action} ${event.dedup_key.replace(/^pluvo-contract-monitor:/, '')}${what ? ` (${what})` : ''}`),
      ...changes.map((change) => `change ${change.target}`),
    ];
    // One deadline for all of this run's events: a PagerDuty that hangs costs the run ten seconds, not ten an event.
    const signal = AbortSignal.timeout(SINK_DEADLINE_MS);
    // Events go one at a time; those from the first that fails on are told again next run, and
    // only those: over PagerDuty's rate limit, each run gets further, and none is sent twice.
    let sent = 0;
    const missed = () => [...new Set(events.slice(sent).flatMap(({ targets }) => targets))];
    try {
      for (const { target, event } of changes) {
        const { fingerprint, ...body } = event;
        const status = await postJson(`${this.eventsUrl}/v2/change/enqueue`, JSON.stringify(body), signal);
        if (status !== 202)
          return { delivered: false, missed: missed(), line: `PagerDuty: a change event not delivered (HTTP ${status}); tried again next run.` };
        told[target] = fingerprint;
        remember();
      }
      for (const { event, accepted } of events) {
        const status = await postJson(`${this.eventsUrl}/v2/enqueue`, JSON.stringify(event), signal);
        if (status !== 202) return { delivered: false, missed: missed(), line: notAll(sent, events.length, `HTTP ${status}`) };
        sent += 1;
        accepted?.();
      }
      const count = events.length + changes.length;
      return { delivered: true, line: `PagerDuty: ${counted(count, 'event')} sent (${said.join(', ')}).` };
    } catch (error) {
      return {
        delivered: false,
        missed: missed(),
        line: notAll(sent, events.length, failureLine(error, this.routingKey)),
      };
    } finally {
      remember();
    }
  }

  /**
   * What this sink keeps between runs (reports/pagerduty.json): the fingerprints of the schema
   * changes told, by target, and the shared incidents open; nothing of a file missing or not ours.
   */
  private memory(): { changes: Record<string, number>; shared: SharedIncident[] } {
    try {
      const { changes, shared } = JSON.parse(readFileSync(this.memoryPath, 'utf8')) as { changes?: unknown; shared?: unknown };
      return {
        changes: changes && typeof changes === 'object' ? (changes as Record<string, number>) : {},
        shared: Array.isArray(shared) ? (shared as unknown[]).filter(isSharedIncident) : [],
      };
    } catch {
      return { changes: {}, shared: [] };
    }
  }
}

/**
 * A change event (PagerDuty's /v2/change/enqueue) for a schema that moved from the snapshot: once
 * per set of changes, so responders see "Pluvo's schema changed" on the service's timeline beside
 * any incident it explains.
 */
export function changeEvent(
  routingKey: string,
  target: TargetResult,
  told: number | undefined,
): ({ fingerprint: number } & Record<string, unknown>) | undefined {
  const drift = target.summary.checks.find((check) => check.checkId === 'schema.drift');
  const fingerprint = drift?.facts.changes_fingerprint;
  if (!drift || fingerprint === undefined || fingerprint === told) return undefined;
  const count = (level: string) => drift.facts[`changes_${level}`] ?? 0;
  const summary = redact(
    `Pluvo's schema changed (${target.summary.target}): ${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('non_breaking')} safe`,
  );
  return {
    fingerprint,
    routing_key: routingKey,
    payload: {
      summary: cutTo(summary, MAX_SUMMARY, ''),
      source: target.summary.target,
      timestamp: target.summary.at,
      custom_details: {
        breaking: count('breaking'),
        dangerous: count('dangerous'),
        safe: count('non_breaking'),
        accept: 'npm run schema:pull, review, commit',
      },
    },
    ...(target.context.reportUrl ? { links: [{ href: target.context.reportUrl, text: "This run's report" }] } : {}),
  };
}

export const pagerDutySink: SinkFactory = (settings, reportsDir) =>
  settings.pagerDuty ? new PagerDutySink(settings.pagerDuty.routingKey, settings.pagerDuty.eventsUrl, reportsDir) : undefined;
