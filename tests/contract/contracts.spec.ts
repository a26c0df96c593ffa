import { AREAS } from '../../src/config/areas';
import { askForPlan } from '../../src/engine/channel';
import { runnerEngine } from '../../src/engine/runner-engine';
import { AREA_TITLES } from '../../src/engine/suite-plan';
import { CHECK_ANNOTATION, TARGET_ANNOTATION } from '../../src/report/check-record';
import { test } from './fixtures';
import { reportCheck } from './report-check';

/**
 * The monitored suite: one test per contract check of the catalogue and target, grouped by area,
 * tagged with it (`--grep @paging`). The checks run in the run's engine, in Playwright's runner
 * (src/engine/engine.ts); a test reports what its check found. The operations are the
 * integration's, the same for every target of the run (the embedded sandbox has the self-test's own).
 *
 * Each target is one group of tests for Playwright (a describe in 'default' mode inside a parallel
 * file): groups go to workers side by side and to shards whole, and a test costs its worker well
 * under a millisecond, where a Playwright project a target would cost a worker process each.
 */
// The plan is the engine's: in the runner it is at hand, a worker asks the runner for it (and so
// imports no check), and only a listing, which starts no engine, reads the files itself.
const { targets: names, checks } = runnerEngine()?.plan() ?? (await askForPlan()) ?? (await import('../../src/engine/plan-from-files')).suitePlanFromFiles();

test.describe.configure({ mode: 'parallel' });

function areasOf(target: string): void {
  for (const area of AREAS) {
    test.describe(AREA_TITLES[area], () => {
      for (const check of checks.filter((candidate) => candidate.area === area)) {
        const annotation = [{ type: CHECK_ANNOTATION, description: check.id }, ...(target ? [{ type: TARGET_ANNOTATION, description: target }] : [])];
        test(check.title, { tag: [`@${check.area}`], annotation }, async ({}, testInfo) => {
          await reportCheck({ target, check: check.id, attempt: testInfo.retry + testInfo.repeatEachIndex, outputDir: testInfo.outputDir }, testInfo);
        });
      }
    });
  }
}

for (const target of names) {
  if (!target) areasOf(target);
  else
    test.describe(target, () => {
      test.describe.configure({ mode: 'default' });
      areasOf(target);
    });
}
