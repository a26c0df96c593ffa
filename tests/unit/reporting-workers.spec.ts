import { test, expect } from '../contract/base-test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportingWorkers } from '../../src/engine/suite-plan';
import { suiteTargetNames } from '../../src/targets/targets-file';
import { scratchDir } from '../support/scratch';

/** A targets file of `count` organisations, as a vendor writes one. */
function targetsFile(count: number): string {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-workers-'));
  const targets = Array.from({ length: count }, (_, i) => ({ name: `org-${i + 1}`, org: `org${i + 1}`, clientIdEnv: 'ID', clientSecretEnv: 'SECRET' }));
  writeFileSync(join(dir, 'targets.json'), JSON.stringify({ targets }));
  return join(dir, 'targets.json');
}

test.describe('the workers that report a run', () => {
  test('one below five organisations, two from five; one for a run narrowed to one organisation of a long file', () => {
    const workers = (env: Record<string, string>) => reportingWorkers(suiteTargetNames(env));
    expect(workers({ PLUVO_TARGETS: 'none' })).toBe(1);
    expect(workers({ PLUVO_TARGETS: targetsFile(4) })).toBe(1);
    const six = targetsFile(6);
    expect(workers({ PLUVO_TARGETS: six })).toBe(2);
    expect(suiteTargetNames({ PLUVO_TARGETS: six, PLUVO_ONLY_TARGETS: 'org-3' })).toEqual(['org-3']);
    expect(workers({ PLUVO_TARGETS: six, PLUVO_ONLY_TARGETS: 'org-3' })).toBe(1);
    expect(workers({ PLUVO_TARGETS: six, PLUVO_ONLY_TARGETS: 'org-1,org-2,org-3,org-4,org-5' })).toBe(2);
  });

  test('a targets file that cannot be read counts as one organisation: the run itself says what is wrong', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-workers-'));
    writeFileSync(join(dir, 'targets.json'), '{ "targets": [');
    expect(suiteTargetNames({ PLUVO_TARGETS: join(dir, 'targets.json') })).toEqual(['']);
    expect(suiteTargetNames({ PLUVO_TARGETS: join(dir, 'missing.json') })).toEqual(['']);
  });
});
