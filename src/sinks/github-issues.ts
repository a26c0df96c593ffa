import { clockTime, duration, whatToDo } from '../report/advice';
import { meaningOfAlert, type Alert } from '../report/alert-policy';
import { headline } from '../report/slack-message';
import { redact } from '../security/redact';
import { bounded, neutralised } from '../text/github-markdown';
import { dedupKey } from './pagerduty';
import {
  contextOf,
  kindOfShared,
  memberLabels,
  planShared,
  sharedHeadline,
  sharedSince,
  targetsOfTurn,
  voiceOf,
  type SharedIncident,
  type SharedTurn,
} from './shared-incidents';
import { alertsOf, failureLine, type Delivery, type RunResult, type Sink, type SinkFactory, type TargetResult, SINK_DEADLINE_MS } from './sink';
import { counted } from '../text/counted';

/** Pages of open incident issues read (a hundred each): more open incidents than this is no longer a list anyone reads. */
const MAX_PAGES = 10;

/** The label every incident issue carries, and the one of its kind of trouble. */
const LABEL = 'pluvo-incident';

interface Issue {
  number: number;
  body?: string | null;
}

/** The mark that ties an issue to its incident across runs (the same key PagerDuty deduplicates by). */
const markOf = (key: string) => `<!-- ${key} -->`;

/** Organisations a shared incident's issue lists by name; its mark keeps them all. */
const LISTED = 100;

const sharedMark = (id: string) => `<!-- pluvo-contract-monitor:shared:${id} -->`;
const membersMark = (members: readonly string[]) => `<!-- pluvo-contract-monitor:members ${members.map(encodeURIComponent).join(' ')} -->`;

/** A shared incident's issue, its id and members read from its marks; undefined for any other issue. */
function sharedIn(issue: Issue): SharedIncident | undefined {
  const id = /<!-- pluvo-contract-monitor:shared:(\S+) -->/.exec(issue.body ?? '')?.[1];
  if (!id) return undefined;
  const members = /<!-- pluvo-contract-monitor:members ([^>]*) -->/.exec(issue.body ?? '')?.[1] ?? '';
  // Someone may edit the issue: a mark that no longer reads as ours loses that member, never the delivery.
  return {
    id,
    members: members.split(' ').flatMap((member) => {
      try {
        return member ? [decodeURIComponent(member)] : [];
      } catch {
        return [];
      }
    }),
  };
}

/** An issue's links to this run's report and the status page, when the settings give them; '' without. */
const linksLine = (context: TargetResult['context']) =>
  [context.reportUrl ? `[This run's report](${context.reportUrl})` : '', context.statusUrl ? `[The status page](${context.statusUrl})` : '']
    .filter(Boolean)
    .join(' · ');

/** A shared incident's issue title: its extent, inert on GitHub, within GitHub's 256 characters. */
const sharedTitle = (turn: SharedTurn) => neutralised(sharedHeadline(turn)).slice(0, 250);

/** The issue of a shared incident: what, since when, what to do, its organisations; then its marks. */
function sharedBody(turn: SharedTurn, result: RunResult): string {
  const voice = voiceOf(turn);
  const labels = memberLabels(turn.after, result);
  const words = [
    `**${sharedHeadline(turn)}**`,
    `Since ${clockTime(sharedSince(turn, result))}.`,
    `**What to do:** ${whatToDo(voice)}`,
    `**Organisations** (${labels.length}):\n${labels
      .slice(0, LISTED)
      .map((label) => `- ${label}`)
      .join('\n')}${labels.length > LISTED ? `\n- …and ${labels.length - LISTED} more` : ''}`,
    linksLine(contextOf(turn)),
  ]
    .filter(Boolean)
    .join('\n\n');
  return `${bounded(neutralised(redact(words)), 'the rest is in the run’s report')}\n\n${sharedMark(turn.id)}\n${membersMark(turn.after)}`;
}

/**
 * GitHub issues as incidents (PLUVO_GITHUB_ISSUES=1, with GITHUB_TOKEN, GITHUB_REPOSITORY and
 * GITHUB_API_URL as Actions sets them), as Upptime keeps them: an incident's first alert opens an
 * issue, labelled with the kind of trouble; a change or a reminder is a comment; its recovery
 * closes it, saying how long it lasted. The issue is found again by a mark in its body.
 */
class GitHubIssuesSink implements Sink {
  readonly id = 'github-issues';
  readonly name = 'GitHub issues';
  readonly role = 'alert';

  constructor(
    private readonly token: string,
    private readonly repository: string,
    private readonly apiUrl: string,
  ) {}

  async send(result: RunResult): Promise<Delivery> {
    const work = alertsOf(result).filter(({ alert }) => alert.incident);
    if (!work.length) return { delivered: true, line: '' };
    // One deadline for all of this run's requests: a GitHub that hangs costs the run ten seconds, not ten a request.
    const signal = AbortSignal.timeout(SINK_DEADLINE_MS);
    // One incident at a time, as GitHub asks of requests that create content; those from the first
    // that fails on are told again next run, and only those, so an issue is never opened twice.
    const done: string[] = [];
    let told = 0;
    let units: Array<{ targets: readonly string[]; tell: () => Promise<string | undefined> }> = [];
    try {
      const open = await this.openIssues(signal);
      const shared = open.flatMap((issue) => {
        const found = sharedIn(issue);
        return found ? [{ ...found, issue }] : [];
      });
      const plan = planShared(work, shared, result);
      units = [
        ...plan.turns.map((turn) => ({
          targets: targetsOfTurn(turn),
          tell: () => this.tellShared(turn, shared.find(({ id }) => id === turn.id)?.issue, result, signal),
        })),
        ...plan.own.map(({ alert, target }) => {
          const key = dedupKey(target.summary.targetKey, alert.incident!);
          const issue = open.find((candidate) => candidate.body?.includes(markOf(key)));
          return { targets: [target.summary.targetKey], tell: () => this.tell(alert, target, key, issue, signal) };
        }),
      ];
      for (const unit of units) {
        const said = await unit.tell();
        if (said) done.push(said);
        told += 1;
      }
      return { delivered: true, line: done.length ? `GitHub issues: ${done.join(', ')}.` : '' };
    } catch (error) {
      const why = failureLine(error, this.token);
      // Before the open issues were listed, nothing was planned: every target with news is told again.
      const missed = units.length ? units.slice(told).flatMap(({ targets }) => targets) : work.map(({ target }) => target.summary.targetKey);
      return {
        delivered: false,
        missed: [...new Set(missed)],
        line: done.length
          ? `GitHub issues: ${done.join(', ')}; the rest not (${why}), tried again next run.`
          : `GitHub issues: not delivered (${why}); tried again next run.`,
      };
    }
  }

  /**
   * A shared incident's turn on its issue (src/sinks/shared-incidents.ts): opened with its
   * organisations; a comment naming who joined, who recovered and what changed; its title and list
   * kept to its members; closed when the last has recovered.
   */
  private async tellShared(turn: SharedTurn, issue: Issue | undefined, result: RunResult, signal: AbortSignal): Promise<string | undefined> {
    const kind = kindOfShared(turn.id);
    if (!issue) {
      const created = (await this.call(signal, 'POST', '/issues', {
        title: sharedTitle(turn),
        body: sharedBody(turn, result),
        labels: [LABEL, `pluvo:${kind}`],
      })) as Issue;
      return `opened #${created.number} (${sharedHeadline(turn)})`;
    }
    const lines = [...turn.joining, ...turn.leaving, ...turn.news].map(
      ({ alert, target }) =>
        `- ${target.summary.target}: ${headline(alert, target.summary)}${turn.joining.some((joining) => joining.alert === alert) ? ' (joins)' : ''}`,
    );
    const starts = turn.leaving.flatMap(({ alert }) => alert.since ?? []).sort();
    const over = !turn.after.length;
    if (lines.length || over) {
      const lasted = over && starts[0] ? ` after ${duration(Date.parse(result.at) - Date.parse(starts[0]))}` : '';
      const title = over ? `Over at every organisation${lasted}.` : sharedHeadline(turn);
      await this.call(signal, 'POST', `/issues/${issue.number}/comments`, {
        body: bounded(neutralised(redact(`**${title}** (${clockTime(result.at)})\n\n${lines.join('\n')}`)), 'the rest is in the run’s report'),
      });
    }
    if (over) {
      await this.call(signal, 'PATCH', `/issues/${issue.number}`, { state: 'closed', state_reason: 'completed' });
      return `closed #${issue.number}`;
    }
    if (turn.joining.length || turn.leaving.length || turn.quietlyGone.length)
      await this.call(signal, 'PATCH', `/issues/${issue.number}`, { title: sharedTitle(turn), body: sharedBody(turn, result) });
    return lines.length ? `commented on #${issue.number}` : undefined;
  }

  /** One alert on its incident's issue: open it, comment on it, or close it. */
  private async tell(alert: Alert, target: TargetResult, key: string, issue: Issue | undefined, signal: AbortSignal): Promise<string | undefined> {
    const { summary } = target;
    const text = (words: string) => bounded(neutralised(redact(words)), 'the rest is in the run’s report');
    if (alert.kind === 'recovery') {
      if (!issue) return undefined;
      const lasted = alert.since ? ` after ${duration(Date.parse(summary.at) - Date.parse(alert.since))}` : '';
      await this.call(signal, 'POST', `/issues/${issue.number}/comments`, {
        body: text(`**${headline(alert, summary)}** (${clockTime(summary.at)}): over${lasted}.`),
      });
      await this.call(signal, 'PATCH', `/issues/${issue.number}`, { state: 'closed', state_reason: 'completed' });
      return `closed #${issue.number}`;
    }
    const words = this.words(alert, target);
    if (!issue) {
      const kind = alert.incident!;
      const created = (await this.call(signal, 'POST', '/issues', {
        title: neutralised(`${summary.target}: ${meaningOfAlert(alert).headline}`).slice(0, 250),
        // The mark after the text is made inert: it is ours, and an escaped one would not be found again.
        body: `${text(words)}\n\n${markOf(key)}`,
        labels: [LABEL, `pluvo:${kind}`],
      })) as Issue;
      return `opened #${created.number}`;
    }
    await this.call(signal, 'POST', `/issues/${issue.number}/comments`, {
      body: text(`**${headline(alert, summary)}** (${clockTime(summary.at)})\n\n${words}`),
    });
    return `commented on #${issue.number}`;
  }

  /** What the issue says of its incident: what, since when, what to do, the checks, the links. */
  private words(alert: Alert, target: TargetResult): string {
    const { summary, decision, context } = target;
    const meaning = meaningOfAlert(alert);
    const what = decision.next.incidents[alert.incident!]?.what ?? meaning.name;
    const checks = summary.checks.filter((check) => check.outcome === 'failed' || check.outcome === 'degraded').slice(0, 20);
    return [
      `**${what}**`,
      `Since ${alert.since ? clockTime(alert.since) : clockTime(summary.at)}${alert.runs ? `, ${counted(alert.runs, 'run')}` : ''}.`,
      `**What to do:** ${whatToDo(alert)}`,
      ...(checks.length ? [checks.map((check) => `- ${check.title}`).join('\n')] : []),
      linksLine(context),
    ]
      .filter(Boolean)
      .join('\n\n');
  }

  /**
   * Every open incident issue, page after page as GitHub's Link header leads: beyond the first
   * hundred, an incident's issue would not be found again, so never closed, and opened twice.
   * Only pages of the API's own origin are followed (the token goes nowhere else), at most MAX_PAGES.
   */
  private async openIssues(signal: AbortSignal): Promise<Issue[]> {
    const issues: Issue[] = [];
    let url: string | undefined = `${this.apiUrl}/repos/${this.repository}/issues?state=open&labels=${LABEL}&per_page=100`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await this.request(signal, 'GET', url);
      issues.push(...((await response.json()) as Issue[]));
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      url = next && new URL(next).origin === new URL(this.apiUrl).origin ? next : undefined;
    }
    return issues;
  }

  private async call(signal: AbortSignal, method: string, path: string, body?: object): Promise<unknown> {
    const response = await this.request(signal, method, `${this.apiUrl}/repos/${this.repository}${path}`, body);
    return response.status === 204 ? undefined : response.json();
  }

  private async request(signal: AbortSignal, method: string, url: string, body?: object): Promise<Response> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'pluvo-contract-monitor',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} on ${method} ${new URL(url).pathname.replace(`/repos/${this.repository}`, '')}`);
    }
    return response;
  }
}

export const gitHubIssuesSink: SinkFactory = (settings) =>
  settings.gitHubIssues ? new GitHubIssuesSink(settings.gitHubIssues.token, settings.gitHubIssues.repository, settings.gitHubIssues.apiUrl) : undefined;
