import { test, expect } from '../contract/base-test';
import type { FullConfig, FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import type { Engine } from '../../src/engine/engine';
import FailedCheckReporter, { WORKER_KEPT } from '../../src/engine/failed-check-reporter';
import { keepRunnerEngine } from '../../src/engine/runner-engine';

/**
 * A failed check's test keeps its worker by saying, in the worker, that its failure was expected;
 * in the runner this reporter, first of all, makes it an ordinary failure again. What the other
 * reporters then read, field by field (end to end: tests/selftest/run-ahead.spec.ts).
 */
function ended(marked: boolean, status: TestResult['status'] = 'failed') {
  const annotations = [{ type: 'check', description: 'paging.cap' }, ...(marked ? [{ type: WORKER_KEPT }] : [])];
  const testCase = { annotations: [...annotations], expectedStatus: marked ? 'failed' : 'passed' } as unknown as TestCase;
  const result = { status, annotations: [...annotations] } as unknown as TestResult;
  return { testCase, result };
}

test.describe('a failed check that keeps its worker', () => {
  test.afterEach(() => keepRunnerEngine(undefined));

  test('is an ordinary failure to every reporter after this one: expected to pass, no mark left; the run fails', async () => {
    const reporter = new FailedCheckReporter();
    const { testCase, result } = ended(true);
    reporter.onTestEnd(testCase, result);
    expect(testCase.expectedStatus).toBe('passed');
    expect(testCase.annotations).toEqual([{ type: 'check', description: 'paging.cap' }]);
    expect(result.annotations).toEqual([{ type: 'check', description: 'paging.cap' }]);
    // Playwright counted it as expected, so it says 'passed': the run failed.
    expect(await reporter.onEnd({ status: 'passed' } as FullResult)).toEqual({ status: 'failed' });
    // A stop stays a stop.
    expect(await reporter.onEnd({ status: 'interrupted' } as FullResult)).toBeUndefined();
  });

  test('leaves every other test as Playwright reported it, and a run with none as it was', async () => {
    const reporter = new FailedCheckReporter();
    const { testCase, result } = ended(false);
    reporter.onTestEnd(testCase, result);
    expect(testCase.expectedStatus).toBe('passed');
    expect(result.annotations).toEqual([{ type: 'check', description: 'paging.cap' }]);
    expect(await reporter.onEnd({ status: 'passed' } as FullResult)).toBeUndefined();
  });

  test('is offered only when nothing counts failures as they come: with --max-failures each one ends its worker, as Playwright does', () => {
    const told: string[] = [];
    keepRunnerEngine({ keepWorkersOnFailure: () => told.push('kept') } as unknown as Engine);
    new FailedCheckReporter().onBegin({ maxFailures: 1 } as FullConfig);
    expect(told).toEqual([]);
    new FailedCheckReporter().onBegin({ maxFailures: 0 } as FullConfig);
    expect(told).toEqual(['kept']);
  });
});
