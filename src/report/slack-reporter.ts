import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { IncomingWebhook } from '@slack/webhook';
import { targetKey } from '../baseline/target-file';
import type { Trouble } from '../checks/check';
import { loadConfigFromProcess, type MonitorConfig } from '../config/load-config';
import { redact } from '../security/redact';
import { countLine, decideAlert, EMPTY_TARGET_STATE, type AlertKind, type TargetAlertState } from './alert-policy';
import { AlertFiles, historyLine } from './alert-files';
import { runVerdict, triage, type CheckOutcome, type CheckRecord, type RunSummary } from './run-summary';
import { slackMessage } from './slack-message';
import { writeStatusPage } from './status-page';

const SEND_TIMEOUT_MS = 10_000;

/**
 * Alerting, as a Playwright reporter of the contract suite. It takes the run's verdict from
 * Playwright's own result (FullResult.status, errors outside any test, tests that were
 * interrupted or did not run) and each test's outcome and annotations (check id, trouble,
 * degraded, timings, notices); keeps history and per-target alert state; posts to Slack when the
 * alert policy says so (or writes reports/slack-message.json); and regenerates the status page.
 * A failed delivery is printed and retried next run; nothing here changes the run's exit code.
 */
export default class SlackReporter implements Reporter {
  private readonly config: MonitorConfig = loadConfigFromProcess();
  private readonly reportsDir = process.env.PLUVO_REPORTS_DIR ?? 'reports';
  private readonly files = new AlertFiles(this.reportsDir);
  private readonly checks = new Map<string, CheckRecord>();
  private readonly fatalErrors: string[] = [];
  private readonly notices = new Set<string>();
  private planned = 0;
  private incomplete = 0;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.planned = suite.allTests().length;
  }

  onError(error: TestError): void {
    const firstLine = (error.message ?? error.value ?? 'unknown error').split('\n')[0] ?? '';
    // Playwright colours some of its own errors for the terminal; history and Slack want the words.
    this.fatalErrors.push(redact(firstLine.replace(/\u001b\[[0-9;]*m/g, '').replace(/^Error: /, '')));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A failed attempt that will be retried is not the test's outcome yet.
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    if (result.status === 'interrupted' || (result.status === 'skipped' && test.expectedStatus !== 'skipped')) {
      this.incomplete += 1;
      return;
    }
    const annotations = [...test.annotations, ...result.annotations];
    const note = (type: string) => annotations.find((a) => a.type === type)?.description;
    for (const notice of annotations.filter((a) => a.type === 'notice')) if (notice.description) this.notices.add(redact(notice.description));
    const timing = parseTiming(note('timing'));
    const degraded = note('degraded');
    const outcome: CheckOutcome = { expected: degraded ? 'degraded' : 'passed', flaky: 'flaky', unexpected: 'failed', skipped: 'skipped' }[test.outcome()] as CheckOutcome;
    const failure = result.errors[0]?.message ?? result.error?.message;
    this.checks.set(test.id, {
      checkId: note('check') ?? test.title,
      title: test.title,
      area: test.tags.find((tag) => tag !== '@' && tag.startsWith('@'))?.slice(1) ?? 'unknown',
      outcome,
      ...(outcome === 'failed' && note('trouble') ? { trouble: note('trouble') as Trouble } : {}),
      ...(outcome === 'failed' ? { message: redact(failure ?? result.status) } : outcome === 'degraded' ? { message: redact(`Degraded: ${test.title}\n${degraded}`) } : {}),
      ...timing,
    });
  }

  async onEnd(result: FullResult): Promise<void> {
    const checks = triage([...this.checks.values()]);
    const notRecorded = Math.max(0, this.planned - this.checks.size - this.incomplete);
    const { verdict, monitorError } = runVerdict({ status: result.status, fatalErrors: this.fatalErrors, incomplete: this.incomplete + (result.status === 'passed' ? 0 : notRecorded) }, checks);
    const summary: RunSummary = {
      at: new Date().toISOString(),
      target: this.config.target.kind === 'sandbox' ? 'the embedded sandbox' : this.config.target.root ?? '',
      targetKey: targetKey(this.config.target),
      verdict,
      ...(monitorError ? { monitorError } : {}),
      checks,
      notices: [...this.notices],
    };
    const alert = await this.alert(summary);
    const history = this.attempt('history', () => this.files.appendHistory(historyLine(summary, alert))) ?? [];
    const statusPage = this.attempt('status page', () => writeStatusPage(this.reportsDir, history));
    this.say(`verdict: ${verdict}${monitorError ? ` (${monitorError})` : ''}; ${countLine(summary)}. Report: ${this.reportsDir}/html/index.html (npx playwright show-report ${this.reportsDir}/html)${statusPage ? `; status page: ${statusPage}` : ''}.`);
  }

  /** Decide, deliver and remember; returns the alert told, if one was. */
  private async alert(summary: RunSummary): Promise<AlertKind | undefined> {
    const previous: TargetAlertState = this.attempt('alert state', () => this.files.readState(summary.targetKey)) ?? { ...EMPTY_TARGET_STATE };
    const decision = decideAlert(previous, summary, this.config.alertPolicy);
    const remember = () => this.attempt('alert state', () => this.files.writeState(summary.targetKey, decision.next));
    if (!decision.kind) {
      remember();
      return undefined;
    }
    const message = slackMessage(decision.kind, summary, {
      reportUrl: this.config.reportUrl,
      mention: this.config.slackMention,
      recoveredFrom: previous.told?.kind,
      since: previous.badSince,
    });
    this.attempt('the alert message', () => this.files.writeMessage(message));
    if (!this.config.slackWebhookUrl) {
      remember();
      this.say(`alert (${decision.kind}) written to ${this.files.messagePath}; set SLACK_WEBHOOK_URL to send it to Slack.`);
      return decision.kind;
    }
    try {
      await new IncomingWebhook(this.config.slackWebhookUrl, { timeout: SEND_TIMEOUT_MS }).send(message);
      remember();
      this.say(`alert (${decision.kind}) sent to Slack.`);
      return decision.kind;
    } catch (error) {
      // The state is not advanced, so the next run tries again.
      this.say(`alert (${decision.kind}) could not be sent to Slack: ${redact((error as Error).message)}; it is in ${this.files.messagePath} and will be retried next run.`);
      return undefined;
    }
  }

  /** A file that cannot be read or written is one line on the console; the alert still goes out. */
  private attempt<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.say(`alert: could not write or read the ${what} in ${this.reportsDir}/: ${redact((error as Error).message.split('\n')[0] ?? '')}.`);
      return undefined;
    }
  }

  private say(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

function parseTiming(text: string | undefined): { p50Ms?: number; p95Ms?: number } {
  if (!text) return {};
  try {
    const { p50Ms, p95Ms } = JSON.parse(text) as { p50Ms?: unknown; p95Ms?: unknown };
    return { ...(typeof p50Ms === 'number' ? { p50Ms } : {}), ...(typeof p95Ms === 'number' ? { p95Ms } : {}) };
  } catch {
    return {};
  }
}
