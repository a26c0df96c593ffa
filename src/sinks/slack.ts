import { IncomingWebhook, type IncomingWebhookSendArguments } from '@slack/webhook';
import { describeError } from '../http/error-cause';
import { AlertFiles } from '../report/alert-files';
import { answeredInPart } from '../report/run-summary';
import { combineMessages, digestOf, headline, slackMessage, withOverview } from '../report/slack-message';
import { redact } from '../security/redact';
import { alertsOf, type Delivery, type RunResult, type Sink, type SinkFactory, SINK_DEADLINE_MS } from './sink';

/**
 * "Pluvo contract broken · Pluvo answers again": what the run's message tells, in its own
 * headlines and order (the probable cause first), for the console's line about it.
 */
function newsOf(result: RunResult): string {
  const { told } = digestOf(alertsOf(result).map(({ alert, target }) => ({ alert, summary: target.summary })));
  // Without its start, as the digest groups it: a recovery's "after 42 min" is each organisation's own.
  return [...new Set(told.map(({ alert, summary }) => headline({ ...alert, since: undefined }, summary)))].join(' · ');
}

/**
 * The run's one message: every alert of every target with news, under one header, the targets'
 * verdicts beside; undefined when nothing is to be told. Slack sends it; Teams renders the same.
 */
export function runMessage(result: RunResult): IncomingWebhookSendArguments | undefined {
  const telling = result.targets.filter((target) => target.decision.alerts.length);
  if (!telling.length) return undefined;
  const digest = digestOf(telling.flatMap(({ summary, decision, context }) => decision.alerts.map((alert) => ({ alert, summary, context }))));
  return withOverview(
    combineMessages(
      digest.told.map(({ alert, summary, context }) => slackMessage(alert, summary, context)),
      digest,
    ),
    result.targets.map(({ summary }) => ({ target: summary.target, verdict: summary.verdict, inPart: answeredInPart(summary) })),
  );
}

/**
 * Slack: one message for the run (a digest of every target with news), written to
 * reports/slack-message.json whether or not it is sent; without SLACK_WEBHOOK_URL, written only.
 */
export class SlackSink implements Sink {
  readonly id = 'slack';
  readonly name = 'Slack';
  readonly role = 'alert';
  private readonly files: AlertFiles;

  constructor(
    private readonly webhookUrl: string | undefined,
    reportsDir: string,
    private readonly timeoutMs = SINK_DEADLINE_MS,
  ) {
    this.files = new AlertFiles(reportsDir);
  }

  async send(result: RunResult): Promise<Delivery> {
    const message = runMessage(result);
    if (!message) return { delivered: true, line: '' };
    const news = newsOf(result);
    let written = true;
    try {
      this.files.writeMessage(message);
    } catch (error) {
      written = false;
      if (!this.webhookUrl)
        return {
          delivered: false,
          line: `alert "${news}" could not be written to ${this.files.messagePath}: ${redact(describeError(error).split('\n')[0] ?? '')}.`,
        };
    }
    if (!this.webhookUrl) return { delivered: true, line: `alert "${news}" written to ${this.files.messagePath}; set SLACK_WEBHOOK_URL to send it to Slack.` };
    try {
      await new IncomingWebhook(this.webhookUrl, { timeout: this.timeoutMs }).send(message);
      return { delivered: true, line: `alert "${news}" sent to Slack.` };
    } catch (error) {
      const where = written ? `; it is in ${this.files.messagePath} and` : ';';
      return {
        delivered: false,
        line: `alert "${news}" could not be sent to Slack: ${redact(describeError(error).split('\n')[0] ?? '')}${where} will be retried next run.`,
      };
    }
  }
}

export const slackSink: SinkFactory = (settings, reportsDir) => new SlackSink(settings.slackWebhookUrl, reportsDir);
