import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { AREA_TITLES } from '../../src/engine/suite-plan';
import type { CheckReport } from '../../src/engine/check-report';
import { grepPattern, grepTitle } from '../../src/engine/plan-from-files';
import { startRun } from '../../src/engine/run-start';
import ConsoleReporter from '../../src/report/console-reporter';
import JUnitReporter from '../../src/report/junit-reporter';
import { CHECK_ANNOTATION, TARGET_ANNOTATION } from '../../src/report/check-record';
import EndOfRunReporter from '../../src/sinks/end-of-run-reporter';
import { forgetRunConfiguration } from '../../src/targets/run-configuration';
import { setProcessEnv } from './process-env';
import { monitorEnv, type MonitorRun } from './run-monitor';
import { scratchDir } from './scratch';

/**
 * A whole run of the monitored suite in this process, for the tests about what a run decides and
 * tells (verdicts, triage, alerts, history), not about processes: the run starts as Playwright's
 * runner starts it (src/engine/run-start.ts: our files, the embedded sandbox, the preflight), its
 * engine runs every selected check at once, and each check's report becomes its test's result as
 * a contract test makes it (tests/contract/report-check.ts), handed to the same reporters a run
 * has (console, JUnit, the end of the run: alert state, Slack, history, status page, metrics),
 * in the order one worker ends them. A spawned run costs about 2 s of CPU, mostly Playwright
 * starting twice; this costs the run's own work. Playwright's own HTML and JSON reports are not
 * written: a test that reads them spawns the run (run-monitor.ts).
 *
 * Only `--grep <pattern>` narrows it, matched as Playwright matches it (the title path and tags).
 */
export async function runInProcess(
  env: Record<string, string>,
  reportsDir: string = mkdtempSync(join(scratchDir(), 'pluvo-monitor-')),
  playwrightArgs: string[] = [],
  options: { stopsBeforeChecks?: boolean } = {},
): Promise<MonitorRun> {
  const grep = grepOf(playwrightArgs);
  const output: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: string | Uint8Array) => (output.push(String(chunk)), true)) as typeof process.stdout.write;
  const restoreEnv = setProcessEnv(monitorEnv(env, reportsDir));
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    forgetRunConfiguration();
    const say = (line: string) => output.push(`${line}\n`);
    // A run that fails to start (our files, the embedded sandbox) is a monitor error Playwright
    // makes of its global setup's throw: a test of that spawns the run (verdicts.spec.ts).
    const start = await startRun({ say, reportsDir, interactive: false });
    if ('refused' in start) {
      output.push(`pluvo-contract-monitor: ${start.refused}\n`);
      return { status: 2, output: output.join(''), reportsDir, failedTitles: [], passed: 0, workerIndexes: [] };
    }
    if (options.stopsBeforeChecks) throw new Error(`the run did not stop before its checks:\n${output.join('')}`);
    const { engine, close } = start.started;
    const tests = plannedTests(engine.plan()).filter((planned) => grep.test(planned.grepTitle));
    const selection = new Map<string, Set<string>>();
    for (const planned of tests) selection.set(planned.target, (selection.get(planned.target) ?? new Set()).add(planned.check));
    engine.begin(selection);
    const reporters: Reporter[] = [new ConsoleReporter(), new JUnitReporter({ outputFile: join(reportsDir, 'junit.xml') }), new EndOfRunReporter()];
    const suite = { allTests: () => tests.map((planned) => planned.test) } as unknown as Suite;
    const startTime = new Date();
    for (const reporter of reporters) reporter.onBegin?.({ workers: 1, reporter: [], shard: null } as unknown as FullConfig, suite);
    const failedTitles: string[] = [];
    let passed = 0;
    // One worker ends the tests in the suite's order, each as its check's report is in.
    for (const planned of tests) {
      const began = Date.now();
      const report = await engine.report(planned.target, planned.check, 0);
      if (report.say) output.push(`${report.say}\n`);
      const result = resultOf(planned.test, report, Date.now() - began);
      for (const reporter of reporters) reporter.onTestEnd?.(planned.test, result);
      if (result.status === 'failed') failedTitles.push(planned.test.title);
      if (result.status === 'passed') passed += 1;
    }
    let result: FullResult = { status: failedTitles.length ? 'failed' : 'passed', startTime, duration: Date.now() - startTime.getTime() };
    for (const reporter of reporters) {
      const changed = await reporter.onEnd?.(result);
      if (changed?.status) result = { ...result, status: changed.status };
    }
    await close();
    return { status: result.status === 'passed' ? 0 : 1, output: output.join(''), reportsDir, failedTitles: failedTitles.sort(), passed, workerIndexes: [0] };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    restoreEnv();
    forgetRunConfiguration();
  }
}

interface PlannedTest {
  target: string;
  check: string;
  grepTitle: string;
  test: TestCase;
}

/** The suite's tests as tests/contract/contracts.spec.ts declares them, each with what Playwright's --grep reads of it. */
function plannedTests(plan: ReturnType<import('../../src/engine/engine').Engine['plan']>): PlannedTest[] {
  return plan.targets.flatMap((target) =>
    plan.checks.map((check) => {
      const tags = [`@${check.area}`];
      const path = ['', 'contract', 'contracts.spec.ts', ...(target ? [target] : []), AREA_TITLES[check.area], check.title];
      const annotations = [{ type: CHECK_ANNOTATION, description: check.id }, ...(target ? [{ type: TARGET_ANNOTATION, description: target }] : [])];
      const test = {
        id: `${target}\n${check.id}`,
        title: check.title,
        titlePath: () => path,
        tags,
        annotations,
        retries: 0,
        expectedStatus: 'passed',
        results: [] as TestResult[],
        location: { file: 'contracts.spec.ts', line: 1, column: 1 },
        parent: { title: AREA_TITLES[check.area], project: () => undefined },
        outcome() {
          const [last] = this.results.slice(-1);
          if (!last || last.status === 'skipped') return 'skipped';
          return last.status === this.expectedStatus ? 'expected' : 'unexpected';
        },
      };
      return { target, check: check.id, grepTitle: grepTitle(target, check), test: test as unknown as TestCase };
    }),
  );
}

/** A check's report as its test's result, as tests/contract/report-check.ts makes it in a worker. */
function resultOf(test: TestCase, report: CheckReport, duration: number): TestResult {
  const end = report.end;
  (test as { expectedStatus: TestCase['expectedStatus'] }).expectedStatus = end.kind === 'skipped' ? 'skipped' : 'passed';
  const status: TestResult['status'] = end.kind === 'interrupted' ? 'interrupted' : end.kind;
  const result = {
    retry: 0,
    status,
    duration,
    startTime: new Date(Date.now() - duration),
    workerIndex: 0,
    parallelIndex: 0,
    annotations: [...report.annotations, ...(end.kind === 'skipped' ? [{ type: 'skip', description: end.reason }] : [])],
    attachments: report.attachments.map((attachment) => ('path' in attachment ? attachment : { ...attachment, body: Buffer.from(attachment.body) })),
    errors: end.kind === 'failed' ? [{ message: end.message }] : [],
    ...(end.kind === 'failed' ? { error: { message: end.message } } : {}),
    steps: [],
    stdout: [],
    stderr: [],
  } as unknown as TestResult;
  (test as unknown as { results: TestResult[] }).results.push(result);
  return result;
}

/** `--grep <pattern>` (or `--grep=<pattern>`), as Playwright reads it (case-insensitive); anything else this harness does not take. */
function grepOf(args: readonly string[]): RegExp {
  if (!args.length) return /.*/;
  const [option, value] = args[0]!.includes('=') ? [args[0]!.split('=')[0], args[0]!.slice(args[0]!.indexOf('=') + 1)] : [args[0], args[1]];
  const used = args[0]!.includes('=') ? 1 : 2;
  if (option !== '--grep' || value === undefined || args.length > used) throw new Error(`runInProcess takes --grep <pattern> alone, not ${args.join(' ')}`);
  return grepPattern(value);
}
