import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { ONLY_TARGETS_VARIABLE, runTargets, targetIdentities, targetNames } from '../../src/targets/targets-file';
import { scratchDir } from '../support/scratch';

/**
 * A run narrowed to some targets (`npm start -- --target acme`, one job an organisation in the
 * hourly workflow) needs only their credentials; the others' may be absent.
 */
function targetsFile(): string {
  const path = join(mkdtempSync(join(scratchDir(), 'pluvo-narrowed-')), 'targets.json');
  writeFileSync(
    path,
    JSON.stringify({
      targets: [
        { name: 'acme', org: 'acme', clientIdEnv: 'ACME_ID', clientSecretEnv: 'ACME_SECRET' },
        { name: 'globex', org: 'globex', clientIdEnv: 'GLOBEX_ID', clientSecretEnv: 'GLOBEX_SECRET' },
      ],
    }),
  );
  return path;
}

test.describe('a run narrowed to some targets', () => {
  test("needs their credentials only; unnarrowed, every target's are required", () => {
    const env = { PLUVO_TARGETS: targetsFile(), ACME_ID: 'acme-client', ACME_SECRET: 'acme-secret-0123456789' };
    expect(targetNames(env)).toEqual(['acme', 'globex']);
    expect(runTargets({ ...env, [ONLY_TARGETS_VARIABLE]: 'acme' }).map((target) => [target.name, target.config.clientId])).toEqual([['acme', 'acme-client']]);
    expect(() => runTargets(env)).toThrow(ConfigError);
    expect(() => runTargets(env)).toThrow(/GLOBEX_ID/);
  });

  test('what a run that fails before any check is recorded against: the targets it was narrowed to, or all of them', () => {
    const env = { PLUVO_TARGETS: targetsFile() };
    expect(targetIdentities({ ...env, [ONLY_TARGETS_VARIABLE]: 'globex' }).map((identity) => identity.label)).toEqual(['globex (https://globex.pluvo.com)']);
    expect(targetIdentities(env).map((identity) => identity.label)).toEqual(['acme (https://acme.pluvo.com)', 'globex (https://globex.pluvo.com)']);
  });
});
