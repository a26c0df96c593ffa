import { catalogue } from '../../src/checks/catalogue';
import { AREAS, type Area } from '../../src/config/areas';
import { loadContracts } from '../../src/contracts/manifest';
import { CHECK_ANNOTATION, TARGET_ANNOTATION } from '../../src/report/check-record';
import { suiteTargets } from '../../src/targets/targets-file';
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
const AREA_TITLES: Record<Area, string> = {
  auth: 'auth',
  transport: 'transport',
  paging: 'paging',
  shape: 'response shapes',
  schema: 'schema drift and deprecations',
};

const { names, contractsDir } = suiteTargets(process.env);
const checks = catalogue(loadContracts(contractsDir));

test.describe.configure({ mode: 'parallel' });

function areasOf(target: string): void {
  for (const area of AREAS) {
    test.describe(AREA_TITLES[area], () => {
      // Without a targets file, each area is a group of its own: a run of one target still spreads over the workers.
      if (!target) test.describe.configure({ mode: 'default' });
      for (const check of checks.filter((candidate) => candidate.area === area)) {
        const annotation = [{ type: CHECK_ANNOTATION, description: check.id }, ...(target ? [{ type: TARGET_ANNOTATION, description: target }] : [])];
        test(check.title, { tag: [`@${check.area}`], annotation }, async ({}, testInfo) => {
          await reportCheck({ target, check: check.id, attempt: testInfo.retry + testInfo.repeatEachIndex }, testInfo);
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
