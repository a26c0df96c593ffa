import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { engineModule } from '../files/engine-file';
import { runnerEngine } from './runner-engine';

/** This reporter, as the configuration names it: first, so that every reporter after it reads what it sets right. */
export const FAILED_CHECK_REPORTER = engineModule('src/engine/failed-check-reporter');

/** The mark a contract test leaves on a failed check whose worker carries on (tests/contract/report-check.ts). */
export const WORKER_KEPT = 'pluvo-worker-kept';

/**
 * A broken check fails its test without costing a new worker.
 *
 * Playwright ends a worker after every failed test, so that the next test starts clean, and starts
 * another (about 0.5 s of CPU each, its rule: microsoft/playwright#32803). Our workers hold no state:
 * they only hand on what the engine judged. So a failed check's test says in its worker that its
 * failure was expected (the worker carries on), and marks itself; here, in the runner, before any
 * other reporter sees it, the mark is taken off and the test expected to pass again. HTML, JSON,
 * JUnit, blob reports, `--last-failed` and the exit code read an ordinary failure.
 *
 * Only when this reporter runs (a `--reporter` given on the command line replaces it, and then a
 * failure is Playwright's own again) and when nothing counts failures as they come (`--max-failures`).
 */
export default class FailedCheckReporter implements Reporter {
  private corrected = 0;

  onBegin(config: FullConfig): void {
    if (!config.maxFailures) runnerEngine()?.keepWorkersOnFailure();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const marked = result.annotations.findIndex((note) => note.type === WORKER_KEPT);
    if (marked < 0) return;
    result.annotations.splice(marked, 1);
    const onTest = test.annotations.findIndex((note) => note.type === WORKER_KEPT);
    if (onTest >= 0) test.annotations.splice(onTest, 1);
    (test as { expectedStatus: TestCase['expectedStatus'] }).expectedStatus = 'passed';
    this.corrected += 1;
  }

  /** Playwright counted these failures as expected: the run failed all the same (the end-of-run reporter may say more). */
  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    return this.corrected && result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  printsToStdio(): boolean {
    return false;
  }
}
