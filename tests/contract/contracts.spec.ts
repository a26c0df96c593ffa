import { catalogue } from '../../src/checks/catalogue';
import { AREAS, type Area } from '../../src/config/areas';
import { loadContracts } from '../../src/contracts/manifest';
import { CHECK_ANNOTATION } from '../../src/run/selection-reporter';
import { runConfiguration } from '../../src/targets/run-configuration';
import { test } from './fixtures';
import { runCheck } from './run-check';

/**
 * The monitored suite: one test per contract check of the catalogue, grouped by area, tagged with
 * it (`--grep @paging`). The operations are the integration's, the same for every target of the
 * run (the embedded sandbox has the self-test's own).
 */
const AREA_TITLES: Record<Area, string> = {
  auth: 'auth',
  transport: 'transport',
  paging: 'paging',
  shape: 'response shapes',
  schema: 'schema drift and deprecations',
};

const checks = catalogue(loadContracts(runConfiguration().targets[0]!.knowledge.contractsDir));
for (const area of AREAS) {
  test.describe(AREA_TITLES[area], () => {
    for (const check of checks.filter((candidate) => candidate.area === area)) {
      test(check.title, { tag: [`@${check.area}`], annotation: { type: CHECK_ANNOTATION, description: check.id } }, async ({ pluvo }, testInfo) => {
        await runCheck(check, pluvo, testInfo);
      });
    }
  });
}
