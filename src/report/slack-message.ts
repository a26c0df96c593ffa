import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { meaningOfRun, VERDICT_OF_CAUSE, VERDICTS } from '../outcome/verdict';
import { redact } from '../security/redact';
import { alertSeverity, clockTime, duration, SEVERITY_ORDER, sinceLine, whatToDo } from './advice';
import { countLine, meaningOfAlert, type Alert } from './alert-policy';
import { contractCauses, groupFailures, groupLine, titles, type TroubleGroup } from './failure-groups';
import { checkVerdict, type CheckRecord, type RunSummary, type RunVerdict } from './run-summary';
import { cutTo } from '../text/cut';
import { namedFew, organisationsCounted, organisationsNamed } from '../text/named-few';
import { counted } from '../text/counted';

/** Block Kit's limits: 50 blocks a message, 3,000 characters a section, 150 for a header. */
const MAX_BLOCKS = 50;
const MAX_SECTION = 3_000;
const MAX_HEADER = 150;
/** The example of a shared trouble: enough to recognise a proxy page, not the page. */
const MAX_EXAMPLE = 400;
const MARK = ' …(cut)';

type Block = NonNullable<IncomingWebhookSendArguments['blocks']>[number];

export interface MessageContext {
  /** This run's own report (a per-run address, so an alert read hours later opens its own run). */
  reportUrl?: string | undefined;
  /** The status page, where every target's incidents are. */
  statusUrl?: string | undefined;
  /** Who to mention on failures: a Slack user (U…/W…), a user group (S…), or here/channel. */
  mention?: string | undefined;
  /** The command that runs the same checks on the same sample again: "PLUVO_PAGING_SEED=7 npm start". */
  reproduce?: string | undefined;
}

/**
 * Text that came from the target (messages, values, titles that quote it) as Slack shows it:
 * `&`, `<` and `>` escaped, so a response can never mention @channel, inject a link or break the
 * message. Redacted first, so no secret is in it either.
 */
export function slackText(text: string): string {
  return redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut to Slack's limit, and say so. */
export function cut(text: string, max: number): string {
  return cutTo(text, max, MARK);
}

function mentionOf(mention: string | undefined): string {
  if (!mention) return '';
  if (mention === 'here' || mention === 'channel') return `<!${mention}> `;
  return mention.startsWith('S') ? `<!subteam^${mention}> ` : `<@${mention}> `;
}

/** The alert's headline: what happened, or what is over and after how long ("Pluvo answers again after 42 min"). */
export function headline(alert: Alert, summary: Pick<RunSummary, 'at'>): string {
  const meaning = meaningOfAlert(alert);
  switch (alert.kind) {
    case 'failure':
    case 'flaky':
      return meaning.headline;
    case 'change':
      return alert.verdict === 'failed' ? 'Pluvo contract failures changed' : `Changed: ${meaning.headline}`;
    case 'reminder':
      return `Still: ${meaning.headline}`;
    case 'recovery':
      return alert.since ? `${meaning.recovered} after ${duration(Date.parse(summary.at) - Date.parse(alert.since))}` : meaning.recovered;
    case 'notice':
      return 'Pluvo deprecation notice';
  }
}

/** Whether someone is woken for it: trouble starting, changing or lasting; never slowness (nothing is broken), a recovery or a notice. */
const alarming = (alert: Alert) => (alert.kind === 'failure' || alert.kind === 'change' || alert.kind === 'reminder') && !VERDICTS[alert.verdict].held;

/** Markup from upstream (a proxy's HTML page) is not quoted: its status and title are in the trouble's key already. */
function withoutMarkup(text: string): string {
  const tag = /<(?:!doctype|html|head|body|title|h1|center|hr|pre)\b[^>]*>/i.exec(text);
  return (tag ? text.slice(0, tag.index) : text)
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,-]+$/, '')
    .trim();
}

function checkLine(check: CheckRecord): string {
  const icon = check.outcome === 'failed' ? VERDICTS[checkVerdict(check)].icon : check.outcome === 'degraded' ? ':hourglass:' : ':repeat:';
  const why = check.cause && check.cause !== 'contract' ? `_${VERDICTS[checkVerdict(check)].because}_\n` : '';
  // What came back: the failures, or what made it slow. One failure as it is; several as a list.
  const failures = check.failures.slice(0, 3).map((f) => withoutMarkup(f.message) || f.key || 'no details');
  const detail = check.outcome === 'degraded' ? [check.latency.message ?? 'degraded'] : failures.length > 1 ? failures.map((f) => `  - ${f}`) : failures;
  return `${icon} *${slackText(check.title)}*\n${why}${slackText(detail.join('\n'))}`;
}

/** Broken contracts that share their first finding (one removed field, one GraphQL error): one section naming it and the checks it broke. */
function sharedCauseSection(message: string, checks: readonly CheckRecord[]): string {
  return `:x: *${slackText(cut(withoutMarkup(message), MAX_EXAMPLE))}*\nbroke ${checks.length} checks: ${slackText(titles(checks, 5))}`;
}

/** Trouble that many checks share, said once: what, on how many, one example (no markup), and which checks. */
function groupSection(group: TroubleGroup, ran: number): string {
  const plain = group.example ? withoutMarkup(group.example) : '';
  const example = plain && plain !== group.key && !group.key.includes(plain) ? `\n> ${slackText(cut(plain, MAX_EXAMPLE))}` : '';
  const which = group.notRun && group.checks.length === ran ? '' : `\n_Checks:_ ${slackText(titles(group.checks, 5))}`;
  return `${VERDICTS[VERDICT_OF_CAUSE[group.cause]].icon} *${slackText(groupLine(group, ran))}*${example}${which}`;
}

/** "1.8 s", "950 ms" */
const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** Slowness, whole, in one section: how many checks, their p95 range against the threshold, and which. */
function slownessSection(slow: readonly CheckRecord[], ran: number): string {
  const p95s = slow.map((check) => check.latency.p95Ms).filter((ms): ms is number => ms !== undefined);
  const thresholds = [...new Set(slow.map((check) => check.latency.thresholdMs).filter((ms): ms is number => ms !== undefined))].sort((a, b) => a - b);
  const [low, high] = [Math.min(...p95s), Math.max(...p95s)];
  // "1.8–2.1 s", as people write a range; "900 ms–1.2 s" when the units differ.
  const span = low === high ? seconds(low) : low >= 1000 ? `${(low / 1000).toFixed(1)}–${seconds(high)}` : `${seconds(low)}–${seconds(high)}`;
  const range = p95s.length ? ` p95 ${span}` : '';
  const against = thresholds.length ? ` against ${thresholds.map(seconds).join(' or ')}` : '';
  return `:hourglass: *${slow.length} of ${counted(ran, 'check')} slow:${range}${against}*\n_Checks:_ ${slackText(titles(slow, 5))}`;
}

/** The checks an alert is about: what failed, or was slow, or flaky, as its verdict says. */
function affectedChecks(alert: Alert, summary: RunSummary): CheckRecord[] {
  if (alert.verdict === 'flaky') return summary.checks.filter((c) => c.outcome === 'flaky');
  if (alert.verdict === 'degraded') return summary.checks.filter((c) => c.outcome === 'degraded');
  return summary.checks.filter((c) => c.outcome === 'failed' || c.outcome === 'not-run');
}

/** "40 of 47 checks · our operations: ListUsers, UserById and 3 more" */
function affectedLine(checks: readonly CheckRecord[], summary: RunSummary): string {
  const ran = summary.checks.filter((c) => c.outcome !== 'skipped').length;
  const operations = [...new Set(checks.flatMap((c) => c.operations))].sort();
  const ops = operations.length ? ` · our operations: ${namedFew(operations, 6)}` : '';
  return `${checks.length} of ${counted(ran, 'check')}${ops}`;
}

function overviewSection(alert: Alert, summary: RunSummary, mention: string): string {
  const lines = [`${mention}*Target:* ${slackText(summary.target)}`];
  const telling = alert.kind === 'failure' || alert.kind === 'change' || alert.kind === 'reminder';
  if (telling && alert.since) lines.push(`*Since:* ${sinceLine(alert.since, summary.at, alert.verdict === 'monitor-error' ? undefined : alert.runs)}`);
  if ((telling && alert.verdict !== 'monitor-error') || alert.kind === 'flaky')
    lines.push(`*Affected:* ${slackText(affectedLine(affectedChecks(alert, summary), summary))}`);
  if (alert.kind === 'recovery' && alert.since) {
    const runs = alert.runs ? `, ${counted(alert.runs, 'run')}` : '';
    lines.push(`*Was:* ${slackText(alert.what ?? VERDICTS[alert.verdict].name)} (since ${clockTime(alert.since)}${runs})`);
  }
  lines.push(`*Run:* ${clockTime(summary.at)} · ${countLine(summary)}`);
  return lines.join('\n');
}

function adviceSection(alert: Alert, summary: RunSummary, context: MessageContext): string {
  const again =
    alert.verdict === 'failed' && alert.kind !== 'recovery' && context.reproduce ? `\nTo run the same checks on the same sample: \`${context.reproduce}\`` : '';
  return `*What to do:* ${whatToDo(alert)}${again}`;
}

/**
 * What the alert lists under its overview, the probable cause first: broken contracts that share
 * a finding as one section (a schema check's own finding, which names the change, before the
 * checks it broke), each other broken contract, each shared trouble once, slowness as one section.
 */
function bodySections(alert: Alert, summary: RunSummary): string[] {
  if (alert.kind !== 'failure' && alert.kind !== 'change' && alert.kind !== 'reminder' && alert.kind !== 'flaky') return [];
  if (alert.verdict === 'monitor-error')
    return [
      `:warning: *The monitor itself failed:* ${slackText(summary.monitorError ?? 'unknown reason')}\nNothing is known about Pluvo from this run; it is not a recovery either.`,
    ];
  const ran = summary.checks.filter((c) => c.outcome !== 'skipped').length;
  if (alert.verdict === 'degraded') return [slownessSection(affectedChecks(alert, summary), ran)];
  if (alert.kind === 'flaky') return affectedChecks(alert, summary).map(checkLine);
  const groups = groupFailures(summary.checks);
  return [...contractSections(groups.contract), ...groups.trouble.map((group) => groupSection(group, groups.ran))];
}

/** The probable cause first (src/report/failure-groups.ts: contractCauses): a finding several checks share is one section. */
function contractSections(broken: readonly CheckRecord[]): string[] {
  return contractCauses(broken).map(({ finding, checks }) => (checks.length > 1 ? sharedCauseSection(finding, checks) : checkLine(checks[0]!)));
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text, MAX_SECTION) } });

/** What fits in `room` blocks: all, when all fit; otherwise one block fewer, to say how many more there were. */
function fitting<T>(items: T[], room: number): T[] {
  return items.length <= room ? items : items.slice(0, Math.max(0, room - 1));
}

/** Links to this run's own report and to the status page, in one context line. */
function linksBlock(context: MessageContext): Block | undefined {
  const link = (url: string, text: string) => `<${url.replace(/[<>|]/g, encodeURIComponent)}|${text}>`;
  const links = [
    ...(context.reportUrl ? [link(context.reportUrl, "Open this run's report")] : []),
    ...(context.statusUrl ? [link(context.statusUrl, 'Open the status page')] : []),
  ];
  return links.length ? { type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] } : undefined;
}

/**
 * The Block Kit message for one alert of one target: what happened (the headline), since when and
 * how much is affected, what to do, then the probable cause first. Every text passes redaction,
 * and target text is escaped.
 */
export function slackMessage(alert: Alert, summary: RunSummary, context: MessageContext = {}): IncomingWebhookSendArguments {
  const title = headline(alert, summary);
  const counts = countLine(summary);
  const mention = alarming(alert) ? mentionOf(context.mention) : '';
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(redact(title), MAX_HEADER) } },
    section(overviewSection(alert, summary, mention)),
    section(adviceSection(alert, summary, context)),
  ];
  const tail: Block[] = [];
  if (summary.notices.length && alert.kind !== 'recovery' && alert.kind !== 'flaky')
    tail.push(section(`:warning: *Deprecated, and used by our operations*\n${summary.notices.map((n) => `• ${slackText(n)}`).join('\n')}`));
  if (summary.reportErrors?.length)
    tail.push(section(`:floppy_disk: *This run's reports could not all be written:* ${slackText(summary.reportErrors.join('; '))}`));
  const links = linksBlock(context);
  if (links) tail.push(links);

  const listed = bodySections(alert, summary);
  const shown = fitting(listed, MAX_BLOCKS - blocks.length - tail.length);
  blocks.push(...shown.map(section));
  if (shown.length < listed.length) blocks.push(section(`…and ${listed.length - shown.length} more (cut to fit Slack; every check is in the report).`));
  blocks.push(...tail);
  return { text: cut(`${mention}${slackText(`${title}: ${summary.target} (${counts})`)}`, MAX_SECTION), blocks };
}

/**
 * One message for several targets' alerts: a header that counts them, then each target's own
 * message under its headline, within Slack's 50 blocks; its text the digest's, not each
 * message's again ("Pluvo contract broken: 2 organisations: Pluvo contract broken: org-2 …" said
 * the headline twice where a phone shows a line). A single alert is sent as it is.
 */
export function combineMessages(messages: IncomingWebhookSendArguments[], { title, text }: { title: string; text: string }): IncomingWebhookSendArguments {
  if (messages.length === 1) return messages[0]!;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: cut(title, MAX_HEADER) } }];
  const parts = messages.map((message) =>
    (message.blocks ?? []).map((block) => {
      const header = block as { type: string; text?: { text: string } };
      return header.type === 'header' ? section(`*${slackText(header.text?.text ?? '')}*`) : block;
    }),
  );
  const all = parts.flatMap((part, index) => (index ? [{ type: 'divider' } as const, ...part] : part));
  const shown = fitting(all, MAX_BLOCKS - blocks.length);
  blocks.push(...shown);
  if (shown.length < all.length)
    blocks.push(section(`…and ${counted(all.length - shown.length, 'more block')} (cut to fit Slack; every target is in the report).`));
  return { text: cut(text, MAX_SECTION), blocks };
}

/**
 * A digest, the probable cause first: its title says each kind of news with how many
 * organisations it is about (what wakes people before what does not, then the most urgent, then
 * the most widespread), and its alerts come in that order. Fifty organisations that Pluvo stopped
 * answering read "Pluvo API unavailable: 50 organisations" before any one of them. Its text, what a
 * phone shows of the message, says each kind of news once with a few of its organisations by name
 * ("Pluvo API unavailable: 50 organisations: acme, globex, initech and 47 more"), the mention
 * first when any wakes people.
 */
export function digestOf<Told extends { alert: Alert; summary: Pick<RunSummary, 'at' | 'targetKey' | 'target'>; context?: MessageContext }>(
  told: readonly Told[],
): { title: string; text: string; told: Told[] } {
  const groups = new Map<string, { alarming: boolean; urgency: number; targets: Map<string, string>; told: Told[] }>();
  let mention = '';
  for (const each of told) {
    const { alert, summary } = each;
    // Without its start, a recovery's headline is the same for every organisation ("Pluvo answers again").
    const label = headline({ ...alert, since: undefined }, summary);
    const urgency = SEVERITY_ORDER.indexOf(alertSeverity(alert));
    const group = groups.get(label) ?? { alarming: alarming(alert), urgency, targets: new Map<string, string>(), told: [] };
    group.targets.set(summary.targetKey, summary.target);
    group.told.push(each);
    groups.set(label, group);
    if (alarming(alert)) mention ||= mentionOf(each.context?.mention);
  }
  const ranked = [...groups].sort(([, a], [, b]) => Number(b.alarming) - Number(a.alarming) || a.urgency - b.urgency || b.targets.size - a.targets.size);
  return {
    title: ranked.map(([label, { targets }]) => `${label}: ${organisationsCounted(targets.size)}`).join(' · '),
    text: `${mention}${slackText(ranked.map(([label, { targets }]) => `${label}: ${organisationsNamed([...targets.values()], NAMED_IN_TEXT)}`).join(' · '))}`,
    told: ranked.flatMap(([, group]) => group.told),
  };
}

/** Organisations a digest's text names for each kind of news before it counts the rest: what a phone's notification shows. */
const NAMED_IN_TEXT = 3;

/**
 * Every target of a multi-target run with its verdict, so the one message names them all. It goes
 * last; when the message is full, the blocks it displaces are counted, never dropped without a word.
 */
export function withOverview(
  message: IncomingWebhookSendArguments,
  targets: ReadonlyArray<{ target: string; verdict: RunVerdict; inPart?: boolean }>,
): IncomingWebhookSendArguments {
  if (targets.length < 2) return message;
  const said = (t: (typeof targets)[number]) => meaningOfRun(t.verdict, t.inPart === true);
  const line = targets.map((t) => `${said(t).icon} ${slackText(t.target)}: ${said(t).name}`).join('\n');
  const overview: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: cut(`*Targets in this run*\n${line}`, MAX_SECTION) }] };
  const all = [...(message.blocks ?? [])];
  if (all.length < MAX_BLOCKS) return { ...message, blocks: [...all, overview] };
  const kept = all.slice(0, MAX_BLOCKS - 2);
  const dropped = all.length - kept.length;
  return {
    ...message,
    blocks: [...kept, section(`…and ${counted(dropped, 'more block')} (cut to fit Slack; every target is in the report).`), overview],
  };
}
