import { createHash, createHmac } from 'node:crypto';
import { alertSeverity, whatToDo } from '../report/advice';
import { checkVerdict, meaningOfSummary } from '../report/run-summary';
import { headline } from '../report/slack-message';
import { redactValue } from '../security/redact';
import { failureLine, postJson, type Delivery, type RunResult, type Sink, type SinkFactory, SINK_DEADLINE_MS } from './sink';

/** The version of the event's shape, in json-schemas/alert-event.schema.json; a change that breaks readers raises it. */
export const ALERT_EVENT_VERSION = 1;
/** GitHub's convention, so that the receivers people already wrote for GitHub's webhooks verify ours. */
export const SIGNATURE_HEADER = 'x-pluvo-signature-256';
/** Checks listed per alert; the report has them all. */
const CHECKS_LISTED = 50;

/** The run's alerts as one versioned JSON event (json-schemas/alert-event.schema.json), redacted. */
export function alertEvent(result: RunResult): string {
  const alerts = result.targets.flatMap(({ summary, decision, context }) =>
    decision.alerts.map((alert) => {
      const affected = summary.checks.filter((check) => check.outcome === 'failed' || check.outcome === 'degraded' || check.outcome === 'not-run');
      return {
        target: summary.target,
        targetKey: summary.targetKey,
        kind: alert.kind,
        incident: alert.incident ?? null,
        // The verdict that opened the incident: for a recovery, the one that is over.
        verdict: alert.verdict,
        // What the target is now, as summary.json and the status page say it: operational once it recovered.
        state: meaningOfSummary(summary).state,
        severity: alertSeverity(alert),
        headline: headline(alert, summary),
        since: alert.since ?? null,
        runs: alert.runs ?? null,
        what: (alert.incident ? (decision.next.incidents[alert.incident]?.what ?? alert.what) : alert.what) ?? null,
        whatToDo: whatToDo(alert),
        checks: affected.slice(0, CHECKS_LISTED).map((check) => ({ id: check.checkId, title: check.title, verdict: checkVerdict(check) })),
        links: { report: context.reportUrl ?? null, status: context.statusUrl ?? null },
      };
    }),
  );
  const content = {
    version: ALERT_EVENT_VERSION,
    at: result.at,
    alerts,
    targets: result.targets.map(({ summary }) => ({ target: summary.target, targetKey: summary.targetKey, verdict: summary.verdict })),
  };
  // The same run's event keeps its id when it is sent again (after a failed delivery): a receiver can drop the repeat.
  const id = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
  return redactValue({ id, ...content });
}

/** `sha256=<hex>` of the body with the secret: what the receiver computes and compares. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook (ALERT_WEBHOOK_URL) that gets each run's alerts as one signed event, for anything to route. */
class WebhookSink implements Sink {
  readonly id = 'webhook';
  readonly name = 'webhook';
  readonly role = 'alert';

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async send(result: RunResult): Promise<Delivery> {
    if (!result.targets.some((target) => target.decision.alerts.length)) return { delivered: true, line: '' };
    const body = alertEvent(result);
    try {
      const status = await postJson(this.url, body, AbortSignal.timeout(SINK_DEADLINE_MS), {
        'user-agent': 'pluvo-contract-monitor',
        [SIGNATURE_HEADER]: signature(body, this.secret),
      });
      if (status < 200 || status > 299) return { delivered: false, line: `webhook: not delivered (HTTP ${status}); tried again next run.` };
      return { delivered: true, line: 'webhook: the alert event was delivered (ALERT_WEBHOOK_URL).' };
    } catch (error) {
      return { delivered: false, line: `webhook: not delivered (${failureLine(error, this.url, this.secret)}); tried again next run.` };
    }
  }
}

export const webhookSink: SinkFactory = (settings) =>
  settings.alertWebhook ? new WebhookSink(settings.alertWebhook.url, settings.alertWebhook.secret) : undefined;
