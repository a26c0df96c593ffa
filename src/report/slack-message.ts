import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { CAUSE_LABEL } from '../outcome/check-outcome';
import { redact } from '../security/redact';
import { clockTime, duration, sinceLine, whatToDo } from './advice';
import { countLine, type AlertKind } from './alert-policy';
import { groupFailures, groupLine, titles, type TroubleGroup } from './failure-groups';
import { type CheckRecord, type RunSummary } from './run-summary';

/** Block Kit's limits: 50 blocks a message, 3,000 characters a section, 150 for a header. */
const MAX_BLOCKS = 50;
const MAX_SECTION = 3_000;
const MAX_HEADER = 150;
/** The example of a shared trouble: enough to recognise a proxy page, not the page. */
const MAX_EXAMPLE = 400;
const MARK = ' …(cut)';

type Block = NonNullable<IncomingWebhookSendArguments['blocks']>[number];

export interface MessageContext {
  reportUrl?: string | undefined;
  /** Who to mention on failures: a Slack user (U…/W…), a user group (S…), or here/channel. */
  mention?: string | undefined;
  /** When the trouble began (the first bad run), and how many runs it has lasted. */
  since?: string | undefined;
  runs?: number | undefined;
  /** What a recovery ends: what was told, when it began and over how many runs. */
  recovered?: { kind: 'incident' | 'monitor-error' | 'flaky'; what?: string | undefined; since?: string | undefined; runs?: number | undefined } | undefined;
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
  return text.length > max ? `${text.slice(0, max - MARK.length)}${MARK}` : text;
}

function mentionOf(mention: string | undefined): string {
  if (!mention) return '';
  if (mention === 'here' || mention === 'channel') return `<!${mention}> `;
  return mention.startsWith('S') ? `<!subteam^${mention}> ` : `<@${mention}> `;
}

const TROUBLE_HEADLINE: Record<string, string> = {
  failed: 'Pluvo contract broken',
  unavailable: 'Pluvo API unavailable',
  throttled: 'Pluvo is throttling the monitor',
  'budget-exceeded': 'The monitor ran out of its own budget (no verdict on Pluvo)',
  'credentials-refused': "Pluvo refused the monitor's API client (no verdict on Pluvo)",
  'not-onboarded': 'A target is not onboarded: run npm run onboard and commit what it writes',
  degraded: 'Pluvo is slow: checks degraded',
};

function headline(kind: AlertKind, summary: RunSummary, context: MessageContext): string {
  const trouble = TROUBLE_HEADLINE[summary.verdict] ?? summary.verdict;
  switch (kind) {
    case 'failure':
      return TROUBLE_HEADLINE[summary.verdict] ?? 'Pluvo contract broken';
    case 'change':
      return summary.verdict === 'failed' ? 'Pluvo contract failures changed' : `Changed: ${trouble}`;
    case 'reminder':
      return `Still: ${trouble}`;
    case 'recovery':
      return context.recovered?.kind === 'monitor-error' ? 'The monitor runs again, and Pluvo contracts hold' : 'Pluvo contracts hold again';
    case 'notice':
      return 'Pluvo deprecation notice';
    case 'monitor-error':
      return 'The monitor itself failed (no verdict on Pluvo)';
    case 'flaky':
      return 'Pluvo checks are flaky: passing only on retry';
  }
}

const ICON: Record<TroubleGroup['cause'], string> = {
  unavailable: ':no_entry:',
  throttled: ':traffic_light:',
  budget: ':stopwatch:',
  credentials: ':closed_lock_with_key:',
  config: ':seedling:',
};

function checkLine(check: CheckRecord): string {
  const icon = check.outcome === 'failed' ? ':x:' : check.outcome === 'degraded' ? ':hourglass:' : ':repeat:';
  const why = check.cause && check.cause !== 'contract' ? `_${CAUSE_LABEL[check.cause]}_\n` : '';
  // What came back: the failures, or what made it slow. One failure as it is; several as a list.
  const failures = check.failures.slice(0, 3).map((f) => f.message);
  const detail = check.outcome === 'degraded' ? [check.latency.message ?? 'degraded'] : failures.length > 1 ? failures.map((f) => `  - ${f}`) : failures;
  return `${icon} *${slackText(check.title)}*\n${why}${slackText(detail.join('\n'))}`;
}

/** Trouble that many checks share, said once: what, on how many, one example, and which checks. */
function groupSection(group: TroubleGroup, ran: number): string {
  const example = group.example && group.example !== group.key ? `\n> ${slackText(cut(group.example.replace(/\s+/g, ' '), MAX_EXAMPLE))}` : '';
  const which = group.notRun && group.checks.length === ran ? '' : `\n_Checks:_ ${slackText(titles(group.checks, 5))}`;
  return `${ICON[group.cause]} *${slackText(groupLine(group, ran))}*${example}${which}`;
}

/** The checks the alert is about: what failed, or was slow, or flaky, as its verdict says. */
function affectedChecks(kind: AlertKind, summary: RunSummary): CheckRecord[] {
  if (kind === 'flaky') return summary.checks.filter((c) => c.outcome === 'flaky');
  if (summary.verdict === 'degraded') return summary.checks.filter((c) => c.outcome === 'degraded');
  return summary.checks.filter((c) => c.outcome === 'failed');
}

/** "40 of 47 checks · our operations: ListUsers, UserById and 3 more" */
function affectedLine(checks: readonly CheckRecord[], summary: RunSummary): string {
  const ran = summary.checks.filter((c) => c.outcome !== 'skipped').length;
  const operations = [...new Set(checks.flatMap((c) => c.operations))].sort();
  const ops = operations.length
    ? ` · our operations: ${operations.slice(0, 6).join(', ')}${operations.length > 6 ? ` and ${operations.length - 6} more` : ''}`
    : '';
  return `${checks.length} of ${ran} check${ran === 1 ? '' : 's'}${ops}`;
}

function overviewSection(kind: AlertKind, summary: RunSummary, context: MessageContext, mention: string): string {
  const lines = [`${mention}*Target:* ${slackText(summary.target)}`];
  const telling = kind === 'failure' || kind === 'change' || kind === 'reminder' || kind === 'monitor-error';
  if (telling && context.since) lines.push(`*Since:* ${sinceLine(context.since, summary.at, kind === 'monitor-error' ? undefined : context.runs)}`);
  if (telling && kind !== 'monitor-error') lines.push(`*Affected:* ${slackText(affectedLine(affectedChecks(kind, summary), summary))}`);
  if (kind === 'flaky') lines.push(`*Affected:* ${slackText(affectedLine(affectedChecks(kind, summary), summary))}`);
  const recovered = context.recovered;
  if (kind === 'recovery' && recovered) {
    const after = recovered.since
      ? ` after ${duration(Date.parse(summary.at) - Date.parse(recovered.since))}${recovered.runs ? `, ${recovered.runs} bad run${recovered.runs === 1 ? '' : 's'}` : ''} (since ${clockTime(recovered.since)})`
      : '';
    lines.push(`*Recovered:* ${slackText(recovered.what ?? 'the trouble told before')}${after}`);
  }
  lines.push(`*Run:* ${clockTime(summary.at)} · ${countLine(summary)}`);
  return lines.join('\n');
}

function adviceSection(kind: AlertKind, summary: RunSummary, context: MessageContext): string {
  const again =
    summary.verdict === 'failed' && kind !== 'recovery' && context.reproduce ? `\nTo run the same checks on the same sample: \`${context.reproduce}\`` : '';
  return `*What to do:* ${whatToDo(kind, summary.verdict)}${again}`;
}

/** What the alert lists under its overview: each broken contract, each shared trouble once, the slow or flaky checks. */
function bodySections(kind: AlertKind, summary: RunSummary): string[] {
  if (kind === 'monitor-error')
    return [
      `:warning: *The monitor itself failed:* ${slackText(summary.monitorError ?? 'unknown reason')}\nNothing is known about Pluvo from this run; it is not a recovery either.`,
    ];
  if (kind === 'flaky' || (summary.verdict === 'degraded' && kind !== 'recovery' && kind !== 'notice')) return affectedChecks(kind, summary).map(checkLine);
  if (kind !== 'failure' && kind !== 'change' && kind !== 'reminder') return [];
  const groups = groupFailures(summary.checks);
  return [...groups.contract.map(checkLine), ...groups.trouble.map((group) => groupSection(group, groups.ran))];
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text, MAX_SECTION) } });

/** What fits in `room` blocks: all, when all fit; otherwise one block fewer, to say how many more there were. */
function fitting<T>(items: T[], room: number): T[] {
  return items.length <= room ? items : items.slice(0, Math.max(0, room - 1));
}

/**
 * The Block Kit message for an alert: what happened (the headline), since when and how much is
 * affected, what to do, then what failed, each shared trouble once. Every text passes redaction,
 * and target text is escaped.
 */
export function slackMessage(kind: AlertKind, summary: RunSummary, context: MessageContext = {}): IncomingWebhookSendArguments {
  const title = headline(kind, summary, context);
  const counts = countLine(summary);
  const alarming = kind === 'failure' || kind === 'change' || kind === 'reminder' || kind === 'monitor-error';
  const mention = alarming ? mentionOf(context.mention) : '';
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(redact(title), MAX_HEADER) } },
    section(overviewSection(kind, summary, context, mention)),
    section(adviceSection(kind, summary, context)),
  ];
  const tail: Block[] = [];
  if (summary.notices.length && kind !== 'recovery' && kind !== 'flaky')
    tail.push(section(`:warning: *Deprecated, and used by our operations*\n${summary.notices.map((n) => `• ${slackText(n)}`).join('\n')}`));
  if (summary.reportErrors?.length)
    tail.push(section(`:floppy_disk: *This run's reports could not all be written:* ${slackText(summary.reportErrors.join('; '))}`));
  if (context.reportUrl)
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${context.reportUrl.replace(/[<>|]/g, encodeURIComponent)}|Open the HTML report>` }] });

  const listed = bodySections(kind, summary);
  const shown = fitting(listed, MAX_BLOCKS - blocks.length - tail.length);
  blocks.push(...shown.map(section));
  if (shown.length < listed.length) blocks.push(section(`…and ${listed.length - shown.length} more (cut to fit Slack; every check is in the report).`));
  blocks.push(...tail);
  return { text: cut(`${mention}${slackText(`${title}: ${summary.target} (${counts})`)}`, MAX_SECTION), blocks };
}

/**
 * One message for several targets' alerts: a header that counts them, then each target's own
 * message under its headline, within Slack's 50 blocks. A single alert is sent as it is.
 */
export function combineMessages(messages: IncomingWebhookSendArguments[]): IncomingWebhookSendArguments {
  if (messages.length === 1) return messages[0]!;
  const title = `Pluvo monitor: ${messages.length} targets to tell about`;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  const parts = messages.map((message) =>
    (message.blocks ?? []).map((block) => {
      const header = block as { type: string; text?: { text: string } };
      return header.type === 'header' ? section(`*${slackText(header.text?.text ?? '')}*`) : block;
    }),
  );
  const all = parts.flatMap((part, index) => (index ? [{ type: 'divider' } as const, ...part] : part));
  const shown = fitting(all, MAX_BLOCKS - blocks.length);
  blocks.push(...shown);
  if (shown.length < all.length) blocks.push(section(`…and ${all.length - shown.length} more blocks (cut to fit Slack; every target is in the report).`));
  return { text: cut(`${title}: ${messages.map((m) => m.text ?? '').join(' · ')}`, MAX_SECTION), blocks };
}

/**
 * Every target of a multi-target run with its verdict, so the one message names them all. It goes
 * last; when the message is full, the blocks it displaces are counted, never dropped without a word.
 */
export function withOverview(message: IncomingWebhookSendArguments, targets: ReadonlyArray<{ target: string; verdict: string }>): IncomingWebhookSendArguments {
  if (targets.length < 2) return message;
  const line = targets
    .map((t) => `${t.verdict === 'passed' ? ':white_check_mark:' : t.verdict === 'failed' ? ':x:' : ':warning:'} ${slackText(t.target)}: ${t.verdict}`)
    .join('\n');
  const overview: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: cut(`*Targets in this run*\n${line}`, MAX_SECTION) }] };
  const all = [...(message.blocks ?? [])];
  if (all.length < MAX_BLOCKS) return { ...message, blocks: [...all, overview] };
  const kept = all.slice(0, MAX_BLOCKS - 2);
  const dropped = all.length - kept.length;
  return {
    ...message,
    blocks: [...kept, section(`…and ${dropped} more block${dropped === 1 ? '' : 's'} (cut to fit Slack; every target is in the report).`), overview],
  };
}
