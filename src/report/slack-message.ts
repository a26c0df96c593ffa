import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { CAUSE_LABEL } from '../outcome/check-outcome';
import { redact } from '../security/redact';
import { countLine, type AlertKind } from './alert-policy';
import { type CheckRecord, type RunSummary } from './run-summary';

/** Block Kit's limits: 50 blocks a message, 3,000 characters a section, 150 for a header. */
const MAX_BLOCKS = 50;
const MAX_SECTION = 3_000;
const MAX_HEADER = 150;
const MARK = ' …(cut)';

export interface MessageContext {
  reportUrl?: string | undefined;
  /** Who to mention on failures: a Slack user (U…/W…), a user group (S…), or here/channel. */
  mention?: string | undefined;
  /** What the recovery ends: a contract incident, or the monitor's own failure. */
  recoveredFrom?: 'incident' | 'monitor-error' | 'flaky' | undefined;
  /** When the trouble began, for reminders. */
  since?: string | undefined;
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
  'not-onboarded': 'A target is not onboarded: run npm run onboard and commit what it writes',
  degraded: 'Pluvo is slow: checks degraded',
};

function headline(kind: AlertKind, summary: RunSummary, context: MessageContext): string {
  switch (kind) {
    case 'failure':
      return TROUBLE_HEADLINE[summary.verdict] ?? 'Pluvo contract broken';
    case 'change':
      return summary.verdict === 'failed' ? 'Pluvo contract failures changed' : `Pluvo still in trouble (${summary.verdict})`;
    case 'reminder':
      return `Still ${summary.verdict === 'failed' ? 'broken' : summary.verdict}: ${TROUBLE_HEADLINE[summary.verdict] ?? summary.verdict}`;
    case 'recovery':
      return context.recoveredFrom === 'monitor-error' ? 'The monitor runs again, and Pluvo contracts hold' : 'Pluvo contracts hold again';
    case 'notice':
      return 'Pluvo deprecation notice';
    case 'monitor-error':
      return 'The monitor itself failed (no verdict on Pluvo)';
    case 'flaky':
      return 'Pluvo checks are flaky: passing only on retry';
  }
}

function checkLine(check: CheckRecord): string {
  const icon = check.outcome === 'failed' ? ':x:' : check.outcome === 'degraded' ? ':hourglass:' : ':repeat:';
  const why = check.cause && check.cause !== 'contract' ? `_${CAUSE_LABEL[check.cause]}_\n` : '';
  // What came back: the failures, or what made it slow.
  // One failure as it is; several as a list.
  const failures = check.failures.slice(0, 3).map((f) => f.message);
  const detail = check.outcome === 'degraded' ? [check.latency.message ?? 'degraded'] : failures.length > 1 ? failures.map((f) => `  - ${f}`) : failures;
  return `${icon} *${slackText(check.title)}*\n${why}${slackText(detail.join('\n'))}`;
}

/** What fits in `room` blocks: all, when all fit; otherwise one block fewer, to say how many more there were. */
function fitting<T>(items: T[], room: number): T[] {
  return items.length <= room ? items : items.slice(0, room - 1);
}

/** The Block Kit message for an alert. Every text passes redaction, and target text is escaped. */
export function slackMessage(kind: AlertKind, summary: RunSummary, context: MessageContext = {}): IncomingWebhookSendArguments {
  const title = headline(kind, summary, context);
  const counts = countLine(summary);
  const alarming = kind === 'failure' || kind === 'change' || kind === 'reminder' || kind === 'monitor-error';
  const mention = alarming ? mentionOf(context.mention) : '';
  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    { type: 'header', text: { type: 'plain_text', text: cut(redact(title), MAX_HEADER) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(
          `${mention}*Target:* ${slackText(summary.target)}\n*Run:* ${summary.at} · ${counts}${kind === 'reminder' && context.since ? `\n*Since:* ${context.since}` : ''}`,
          MAX_SECTION,
        ),
      },
    },
  ];
  const tail: typeof blocks = [];
  if (summary.notices.length && kind !== 'recovery' && kind !== 'flaky') {
    tail.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`:warning: *Deprecated, and used by our operations*\n${summary.notices.map((n) => `• ${slackText(n)}`).join('\n')}`, MAX_SECTION),
      },
    });
  }
  if (summary.reportErrors?.length)
    tail.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`:floppy_disk: *This run's reports could not all be written:* ${slackText(summary.reportErrors.join('; '))}`, MAX_SECTION),
      },
    });
  if (context.reportUrl)
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${context.reportUrl.replace(/[<>|]/g, encodeURIComponent)}|Open the HTML report>` }] });

  const listed: string[] = [];
  if (kind === 'monitor-error')
    listed.push(
      `:warning: *The monitor itself failed:* ${slackText(summary.monitorError ?? 'unknown reason')}\nNothing is known about Pluvo from this run; it is not a recovery either.`,
    );
  else if (alarming) {
    const shown =
      summary.verdict === 'degraded' ? summary.checks.filter((c) => c.outcome === 'degraded') : summary.checks.filter((c) => c.outcome === 'failed');
    listed.push(...shown.map(checkLine));
  } else if (kind === 'flaky') listed.push(...summary.checks.filter((c) => c.outcome === 'flaky').map(checkLine));

  const shown = fitting(listed, MAX_BLOCKS - blocks.length - tail.length);
  for (const text of shown) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(text, MAX_SECTION) } });
  if (shown.length < listed.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `…and ${listed.length - shown.length} more (cut to fit Slack; every check is in the report).` },
    });
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
  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  const parts = messages.map((message) =>
    (message.blocks ?? []).map((block) => {
      const header = block as { type: string; text?: { text: string } };
      return header.type === 'header' ? { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(header.text?.text ?? '')}*` } } : block;
    }),
  );
  const all = parts.flatMap((part, index) => (index ? [{ type: 'divider' } as const, ...part] : part));
  const shown = fitting(all, MAX_BLOCKS - blocks.length);
  blocks.push(...shown);
  if (shown.length < all.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `…and ${all.length - shown.length} more blocks (cut to fit Slack; every target is in the report).` },
    });
  return { text: cut(`${title}: ${messages.map((m) => m.text ?? '').join(' · ')}`, MAX_SECTION), blocks };
}

/** Every target of a multi-target run with its verdict, so the one message names them all. */
export function withOverview(message: IncomingWebhookSendArguments, targets: ReadonlyArray<{ target: string; verdict: string }>): IncomingWebhookSendArguments {
  if (targets.length < 2) return message;
  const line = targets
    .map((t) => `${t.verdict === 'passed' ? ':white_check_mark:' : t.verdict === 'failed' ? ':x:' : ':warning:'} ${slackText(t.target)}: ${t.verdict}`)
    .join('\n');
  const blocks = [...(message.blocks ?? [])].slice(0, MAX_BLOCKS - 1);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(`*Targets in this run*\n${line}`, MAX_SECTION) }] });
  return { ...message, blocks };
}
