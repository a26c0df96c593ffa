import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { join } from 'node:path';
import type { RunSettings } from '../config/load-config';
import { keepPins } from '../knowledge/pins';
import { alertRoutes, namedAlertingTargets, runSettings } from '../targets/run-configuration';
import type { AlertRoutes } from '../targets/targets-file';
import type { TargetIdentity } from '../targets/target-identity';
import { redact } from '../security/redact';
import { countLine, decideAlert } from '../report/alert-policy';
import { AlertFiles, historyLine } from '../report/alert-files';
import { meaningOfSummary, runVerdict, type RunSummary } from '../report/run-summary';
import { failsTheRun, VERDICTS, type RunVerdict } from '../outcome/verdict';
import { CHECK_ANNOTATION, fatalErrorLine, readTestEnd, targetOfTest, type TargetedCheckRecord } from '../report/check-record';
import type { MessageContext } from '../report/slack-message';
import { PAGING_SEED_VARIABLE } from '../config/load-config';
import { runSeed } from '../report/run-seed';
import { groupFailures, troubleLine } from '../report/failure-groups';
import { writeStatusPage } from '../report/status-files';
import { runMetrics } from '../report/metrics';
import { expectedEveryMs } from '../config/interval';
import { SINKS } from './all-sinks';
import { SlackSink } from './slack';
import { afterDeliveries, previousOf, sinkTurns } from './sink-turns';
import type { Delivery, RunResult, Sink, TargetResult } from './sink';
import { cutTo } from '../text/cut';
import { MANY_TARGETS } from '../report/console-reporter';
import { namedFew, organisationsCounted } from '../text/named-few';
import { notRepeatedLine } from '../report/advice';

/** Organisations that held named in the run's last lines when there are many; the rest are counted. */
const NAMED_THAT_HELD = 10;

export interface EndOfRunOptions {
  /** Tests shorten Slack's; a webhook that hangs must cost them no real ten seconds. */
  sendTimeoutMs?: number;
}

/**
 * The end of a run, as a Playwright reporter of the contract suite. It computes the run's result
 * as data (src/sinks/sink.ts: each target's verdict from Playwright's own result and its checks'
 * outcomes, and what the alert policy tells), then hands it to the files it keeps (alert state,
 * history, status page, metrics) and to every configured sink (src/sinks/all-sinks.ts). A failed
 * sink is one line and is tried again next run; nothing here changes the run's exit code but the
 * verdicts.
 */
export default class EndOfRunReporter implements Reporter {
  private readonly config: RunSettings = runSettings();
  private readonly reportsDir = process.env.PLUVO_REPORTS_DIR ?? 'reports';
  private readonly files = new AlertFiles(this.reportsDir);
  private readonly checks = new Map<string, TargetedCheckRecord>();
  private readonly fatalErrors: string[] = [];
  private readonly reportErrors: string[] = [];
  private readonly notices = new Set<string>();
  private planned = 0;
  private incomplete = 0;
  private crashed: string | undefined;
  private readonly sinks: Sink[];

  constructor(options: EndOfRunOptions = {}) {
    this.sinks = SINKS.map((factory) => factory(this.config, this.reportsDir)).filter((sink): sink is Sink => !!sink);
    if (options.sendTimeoutMs !== undefined)
      this.sinks = this.sinks.map((sink) =>
        sink.name === 'Slack' ? new SlackSink(this.config.slackWebhookUrl, this.reportsDir, options.sendTimeoutMs) : sink,
      );
  }

  /** How long each check's test took, for the metrics. */
  private readonly durationsMs = new Map<string, number>();

  /** The targets whose contract tests the run selected, by the name their tests go by. */
  private readonly selectedTargets = new Set<string>();

  onBegin(_config: FullConfig, suite: Suite): void {
    this.planned = suite.allTests().length;
    for (const test of suite.allTests()) if (test.annotations.some((note) => note.type === CHECK_ANNOTATION)) this.selectedTargets.add(targetOfTest(test));
  }

  /** `--list` runs nothing: there is no verdict to keep, tell or count. */
  private readonly listing = process.argv.includes('--list');

  onError(error: TestError): void {
    // Once every check has ended, an error is one of writing the reports (another reporter's
    // onEnd on a full disk, say): it is told, but the checks' verdict stands.
    const ended = this.checks.size + this.incomplete;
    if (this.planned > 0 && ended >= this.planned) this.reportErrors.push(fatalErrorLine(error));
    else this.fatalErrors.push(fatalErrorLine(error));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const read = readTestEnd(test, result);
    if (read === 'retrying') return;
    if ('incomplete' in read) {
      this.incomplete += 1;
      this.crashed ??= read.incomplete;
      return;
    }
    this.checks.set(test.id, read.record);
    this.durationsMs.set(`${read.record.target.key}\n${read.record.checkId}`, read.record.tookMs ?? result.duration);
    for (const notice of read.record.notices) this.notices.add(notice);
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    if (this.listing) return undefined;
    const notRecorded = Math.max(0, this.planned - this.checks.size - this.incomplete);
    const completion = {
      status: result.status,
      fatalErrors: this.fatalErrors,
      incomplete: this.incomplete + (result.status === 'passed' ? 0 : notRecorded),
      ...(this.crashed ? { crashed: this.crashed } : {}),
    };
    const at = new Date().toISOString();
    // The targets this run covered. A run narrowed to some (--project, --grep, a shard) judges
    // only those; a run that reached no check at all (a load error) is every target's failure.
    const targets = new Map<string, TargetIdentity>([...this.checks.values()].map((check) => [check.target.key, check.target]));
    if (!targets.size) for (const target of targetIdentitiesOrNone() ?? [this.defaultTarget()]) targets.set(target.key, target);
    // A stopped run is every selected target's: one the stop came before is told as interrupted,
    // not left out of the history and the status page as though it had not been due.
    if (result.status === 'interrupted')
      for (const { name, identity } of namedTargetsOrNone() ?? [])
        if (this.selectedTargets.has(name) && !targets.has(identity.key)) targets.set(identity.key, identity);
    // Read once; the write below keeps what it read (only a read that failed is tried again there).
    const read = this.attempt('alert state', () => this.files.readAlertState());
    const states = read ?? { targets: {}, sinks: {} };
    const runs = [...targets.values()].map((target) => {
      const checks = [...this.checks.values()].filter((check) => check.target.key === target.key).map(({ target: _target, ...check }) => check);
      const { verdict, monitorError } = runVerdict(completion, checks);
      const summary: RunSummary = {
        at,
        target: target.label,
        targetKey: target.key,
        verdict,
        ...(monitorError ? { monitorError } : {}),
        checks,
        notices: [...this.notices],
        ...(this.reportErrors.length ? { reportErrors: this.reportErrors } : {}),
      };
      return {
        summary,
        decision: decideAlert(previousOf(states, target.key), summary, this.config.alertPolicy),
        context: this.messageContext(summary),
      } satisfies TargetResult;
    });
    // What the checks saw for the first time is kept once the run has completed; a stopped run keeps nothing.
    if (result.status !== 'interrupted') {
      const pins = [...this.checks.values()].flatMap((check) => check.pins);
      for (const line of this.attempt('observations to keep', () => keepPins(pins)) ?? []) this.say(`pinned: ${line}`);
    }
    for (const line of this.reportErrors) this.say(`reports: could not all be written: ${line}`);
    const outcome: RunResult = { startedAt: result.startTime?.toISOString() ?? at, at, targets: runs };
    // Alert sinks first, each told from what reached it before (src/sinks/sink-turns.ts).
    const turns = sinkTurns(
      this.sinks.filter((sink) => sink.role === 'alert'),
      outcome,
      states,
      this.config.alertPolicy,
      this.routes(),
    );
    const told = await this.deliver(turns.map(({ sink, routed }) => ({ sink, result: routed })));
    const { behind, reached } = afterDeliveries(turns, told, outcome, states);
    this.attempt('alert state', () =>
      this.files.writeStates(Object.fromEntries(runs.map(({ summary, decision }) => [summary.targetKey, decision.next])), behind, read),
    );
    const lines = runs.map((run, nth) => historyLine(run.summary, reached[nth]!, this.config.reportUrl));
    // Not written (a full disk): the page is drawn from the history kept and this run's lines. Not
    // read either: the page and summary.json stay as they were, never redrawn from nothing ("no
    // runs in history yet", every organisation gone from Statuspage's components).
    const history = this.attempt('history', () => this.files.appendHistory(lines)) ?? this.readOrNothing(() => [...this.files.readHistory(), ...lines]);
    const titles = Object.fromEntries([...this.checks.values()].map((check) => [check.checkId, check.title]));
    let statusPage: string | undefined;
    if (history)
      statusPage = this.attempt('status page', () =>
        writeStatusPage(this.reportsDir, history, {
          titles,
          expectedEveryMs: expectedEveryMs(),
          ...(this.config.statusUrl ? { pageUrl: this.config.statusUrl } : {}),
        }),
      );
    else this.say(`status page: not drawn again, with no history to draw it from; the last one in ${this.reportsDir}/ stands.`);
    const metrics = runMetrics({
      runs: runs.map((run) => run.summary),
      history: history ?? lines,
      durationsMs: this.durationsMs,
      reached: new Map(turns.map(({ sink }, index) => [sink.id, told[index]!.delivered])),
    });
    const text = await metrics.metrics();
    this.attempt('metrics', () => this.files.write(join(this.reportsDir, 'metrics.prom'), text));
    await this.deliver(this.sinks.filter((sink) => sink.role === 'watch').map((sink) => ({ sink, result: { ...outcome, metrics } })));
    if (runs.length > 1) this.say(verdictsLine(runs.map((run) => run.summary)));
    // Many organisations: those that held are one line after the others, which are what to read.
    const folds = (summary: RunSummary) => runs.length >= MANY_TARGETS && summary.verdict === 'passed';
    const folded = runs.filter(({ summary }) => folds(summary));
    // Beside other organisations, a line names whose it is.
    const whose = (summary: RunSummary) => (runs.length > 1 ? `${summary.target}: ` : '');
    for (const { summary } of runs) {
      if (folds(summary)) continue;
      this.say(`${whose(summary)}verdict: ${summary.verdict}${summary.monitorError ? ` (${summary.monitorError})` : ''}; ${countLine(summary)}.`);
      for (const line of verdictDetail(summary)) this.say(`  ${line}`);
    }
    if (folded.length)
      this.say(
        `verdict: passed, every contract checked held: ${namedFew(
          folded.map(({ summary }) => summary.target),
          NAMED_THAT_HELD,
        )} (each in the report and on the status page).`,
      );
    for (const { summary, decision } of runs) {
      if (decision.heldBack) this.say(`${whose(summary)}alert held back: ${decision.heldBack}.`);
      if (decision.notRepeated) this.say(`${whose(summary)}alert not repeated: ${notRepeatedLine(decision.notRepeated, summary.at)}.`);
    }
    this.say(
      `Report: ${this.reportsDir}/html/index.html (npx playwright show-report ${this.reportsDir}/html)${statusPage ? `; status page: ${statusPage}` : ''}.`,
    );
    return {
      status: runStatus(
        result.status,
        runs.map((run) => run.summary.verdict),
      ),
    };
  }

  /**
   * Every sink given its result at once, so that a run's end waits for its slowest sink (each gives
   * up after its own timeout), not for the sum of them: a stop still ends the run in time. Each
   * says its line, in the list's order; a sink never throws.
   */
  private async deliver(deliveries: ReadonlyArray<{ sink: Sink; result: RunResult }>): Promise<Delivery[]> {
    const done = await Promise.all(
      deliveries.map(({ sink, result }) =>
        sink.send(result).catch(
          (error: unknown): Delivery => ({
            delivered: false,
            line: `${sink.name}: not delivered (${redact((error as Error)?.message?.split('\n')[0] ?? String(error))}); tried again next run.`,
          }),
        ),
      ),
    );
    for (const delivery of done) if (delivery.line) this.say(delivery.line);
    return done;
  }

  /** Where this run's report and the status page are, and how to run the same checks again. */
  private messageContext(summary: RunSummary): MessageContext {
    // The seed the run's engine sampled with (this reporter runs beside it), or the one set for a merge of shards.
    const seed = runSeed() ?? process.env[PAGING_SEED_VARIABLE];
    const target = summary.targetKey !== 'sandbox' && targetIdentitiesOrNone()?.length !== 1 ? ` -- --target ${summary.target.split(' ')[0]}` : '';
    return {
      reportUrl: this.config.reportUrl,
      statusUrl: this.config.statusUrl,
      mention: this.config.slackMention,
      ...(seed ? { reproduce: `PLUVO_PAGING_SEED=${seed} npm start${target}` } : {}),
    };
  }

  /** The targets file's alert routes; a file that cannot be read routes nothing (the run says why). */
  private routes(): Map<string, AlertRoutes> {
    try {
      return alertRoutes();
    } catch {
      return new Map();
    }
  }

  private defaultTarget(): TargetIdentity {
    return targetIdentitiesOrNone()?.[0] ?? { key: 'sandbox', label: 'the embedded sandbox' };
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

  /** What a read gives, or nothing when it fails too: the failure has been said already. */
  private readOrNothing<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch {
      return undefined;
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}

/**
 * The run's verdicts over its organisations, before each is said: "50 organisations: unavailable
 * 48, failed 2." The most common first, so that trouble they share reads before any one of them;
 * as common, what fails the run first.
 */
export function verdictsLine(summaries: ReadonlyArray<Pick<RunSummary, 'verdict'>>): string {
  const counts = new Map<RunVerdict, number>();
  for (const { verdict } of summaries) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  const order = Object.keys(VERDICTS) as RunVerdict[];
  const said = [...counts]
    .sort(([a, m], [b, n]) => n - m || Number(failsTheRun(b)) - Number(failsTheRun(a)) || order.indexOf(a) - order.indexOf(b))
    .map(([verdict, count]) => `${verdict} ${count}`);
  return `${organisationsCounted(summaries.length)}: ${said.join(', ')}.`;
}

/**
 * Under a verdict of trouble: what it was, once, with one example, and what to do. A broken
 * contract's details are above, under its check; a passed or stopped run needs no more words.
 */
export function verdictDetail(summary: RunSummary): string[] {
  if (summary.verdict === 'passed' || summary.verdict === 'interrupted') return [];
  const lines = summary.verdict === 'monitor-error' ? [] : [troubleLine(summary)];
  const [largest] = groupFailures(summary.checks).trouble;
  if (largest && summary.verdict !== 'failed' && largest.example && largest.example !== largest.key)
    lines.push(`e.g. ${cutTo(largest.example, 300, '…')}`.replace(/\s+/g, ' '));
  lines.push(`what to do: ${meaningOfSummary(summary).whatToDo}`);
  return lines;
}

function targetIdentitiesOrNone(): TargetIdentity[] | undefined {
  return namedTargetsOrNone()?.map(({ identity }) => identity);
}

function namedTargetsOrNone(): ReturnType<typeof namedAlertingTargets> | undefined {
  try {
    return namedAlertingTargets();
  } catch {
    // The run itself reports a broken targets file; alerting goes on with the targets it saw.
    return undefined;
  }
}

/**
 * The run's status, and so its exit code, from the verdicts: Playwright counts failed tests, but a
 * target that did not answer has its checks skipped (forty failures would say nothing more),
 * and that run has not shown the contracts hold. A stopped run stays interrupted (exit 130).
 */
export function runStatus(status: FullResult['status'], verdicts: readonly RunVerdict[]): FullResult['status'] {
  if (status === 'interrupted') return status;
  return verdicts.some(failsTheRun) ? 'failed' : status === 'timedout' ? status : 'passed';
}
