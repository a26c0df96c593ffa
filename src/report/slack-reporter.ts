import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { IncomingWebhook } from '@slack/webhook';
import type { Trouble } from '../checks/check';
import { loadConfigFromProcess, type MonitorConfig } from '../config/load-config';
import { redact } from '../security/redact';
import { decideAlert } from './alert-policy';
import { AlertFiles } from './alert-files';
import { runStatus, type FailedCheck, type RunSummary } from './run-summary';
import { slackMessage } from './slack-message';

const SEND_TIMEOUT_MS = 10_000;

/**
 * Alerting, as a Playwright reporter of the contract suite: it reads each test's outcome and the
 * annotations the specs leave (check id, trouble, notices), keeps one line a run in
 * reports/history.jsonl, and, when the alert policy says so, posts to Slack, or without
 * SLACK_WEBHOOK_URL writes reports/slack-message.json and says so. A failed delivery is printed
 * and retried next run; it never changes the run's outcome.
 */
export default class SlackReporter implements Reporter {
  private readonly config: MonitorConfig = loadConfigFromProcess();
  private readonly files = new AlertFiles(process.env.PLUVO_REPORTS_DIR ?? 'reports');
  private readonly failures: FailedCheck[] = [];
  private readonly notices = new Set<string>();
  private passed = 0;
  private skipped = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const annotations = [...test.annotations, ...result.annotations];
    for (const notice of annotations.filter((a) => a.type === 'notice')) if (notice.description) this.notices.add(redact(notice.description));
    const outcome = test.outcome();
    if (outcome === 'skipped') this.skipped += 1;
    else if (outcome === 'unexpected') {
      this.failures.push({
        checkId: annotations.find((a) => a.type === 'check')?.description ?? test.title,
        title: test.title,
        trouble: annotations.find((a) => a.type === 'trouble')?.description as Trouble | undefined,
        message: redact(result.errors[0]?.message ?? result.error?.message ?? `${result.status}`),
      });
    } else this.passed += 1;
  }

  async onEnd(_result: FullResult): Promise<void> {
    const target = this.config.target.kind === 'sandbox' ? 'the embedded sandbox' : this.config.target.root ?? '';
    const summary: RunSummary = {
      at: new Date().toISOString(),
      target,
      status: runStatus(this.failures),
      passed: this.passed,
      failed: this.failures.length,
      skipped: this.skipped,
      failures: this.failures,
      notices: [...this.notices],
    };
    this.files.appendHistory(summary);
    const decision = decideAlert(this.files.readState(), summary);
    if (!decision.kind) {
      this.files.writeState(decision.next);
      return;
    }
    const message = slackMessage(decision.kind, summary, this.config.reportUrl);
    this.files.writeMessage(message);
    if (!this.config.slackWebhookUrl) {
      this.files.writeState(decision.next);
      process.stdout.write(`alert (${decision.kind}) written to ${this.files.messagePath}; set SLACK_WEBHOOK_URL to send it to Slack.\n`);
      return;
    }
    try {
      await new IncomingWebhook(this.config.slackWebhookUrl, { timeout: SEND_TIMEOUT_MS }).send(message);
      this.files.writeState(decision.next);
      process.stdout.write(`alert (${decision.kind}) sent to Slack.\n`);
    } catch (error) {
      // The state is not advanced, so the next run tries again.
      process.stdout.write(`alert (${decision.kind}) could not be sent to Slack: ${redact((error as Error).message)}; it is in ${this.files.messagePath} and will be retried next run.\n`);
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}
