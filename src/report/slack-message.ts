import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { TROUBLE_LABEL } from '../checks/check';
import { redact } from '../security/redact';
import type { AlertKind } from './alert-policy';
import type { RunSummary } from './run-summary';

/** Slack caps a section's text at 3,000 characters and a message at 50 blocks. */
const MAX_SECTION = 2_900;
const MAX_FAILURES_LISTED = 10;

const HEADLINES: Record<AlertKind, (summary: RunSummary) => string> = {
  failure: (s) =>
    s.status === 'failed'
      ? 'Pluvo contract broken'
      : s.status === 'throttled'
        ? 'Pluvo is throttling the monitor'
        : s.status === 'budget-exceeded'
          ? 'The monitor ran out of its own budget (no verdict on Pluvo)'
          : 'Pluvo API unavailable',
  change: (s) => (s.status === 'failed' ? 'Pluvo contract failures changed' : `Pluvo API still in trouble (${s.status})`),
  recovery: () => 'Pluvo contracts hold again',
  notice: () => 'Pluvo deprecation notice',
};

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The Block Kit message for an alert. Every string passes redaction on its way in. */
export function slackMessage(kind: AlertKind, summary: RunSummary, reportUrl: string | undefined): IncomingWebhookSendArguments {
  const headline = HEADLINES[kind](summary);
  const counts = `${summary.failed} failed, ${summary.passed} passed, ${summary.skipped} skipped`;
  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    { type: 'header', text: { type: 'plain_text', text: headline } },
    { type: 'section', text: { type: 'mrkdwn', text: redact(`*Target:* ${summary.target}\n*Run:* ${summary.at} · ${counts}`) } },
  ];
  if (kind !== 'recovery' && kind !== 'notice') {
    for (const failure of summary.failures.slice(0, MAX_FAILURES_LISTED)) {
      const why = failure.trouble ? `_${TROUBLE_LABEL[failure.trouble]}_\n` : '';
      const detail = failure.message.split('\n').slice(1, 4).join('\n');
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: redact(cut(`:x: *${failure.title}*\n${why}${detail}`, MAX_SECTION)) } });
    }
    if (summary.failures.length > MAX_FAILURES_LISTED) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `…and ${summary.failures.length - MAX_FAILURES_LISTED} more failing checks.` } });
    }
  }
  if (summary.notices.length && (kind === 'notice' || kind === 'failure' || kind === 'change')) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: redact(cut(`:warning: *Deprecated, and used by our operations*\n${summary.notices.map((n) => `• ${n}`).join('\n')}`, MAX_SECTION)) } });
  }
  if (reportUrl) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: redact(`<${reportUrl}|Open the HTML report>`) }] });
  return { text: redact(`${headline}: ${summary.target} (${counts})`), blocks };
}
