import { test, expect } from '../contract/base-test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import {
  loadTargets,
  namedTargetIdentities,
  ONLY_TARGETS_VARIABLE,
  runTargets,
  targetNames,
  targetsFileSetAside,
  targetsPath,
} from '../../src/targets/targets-file';
import { namedRunTargets } from '../../src/targets/run-configuration';
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
    expect(namedTargetIdentities({ ...env, [ONLY_TARGETS_VARIABLE]: 'globex' }).map(({ identity }) => identity.label)).toEqual([
      'globex (https://globex.pluvo.com)',
    ]);
    expect(namedTargetIdentities(env).map(({ identity }) => identity.label)).toEqual(['acme (https://acme.pluvo.com)', 'globex (https://globex.pluvo.com)']);
  });
});

test("a run the monitor's stop kept from starting: its targets from the run's --target names and .env, the monitor's own environment untouched", () => {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-unstarted-'));
  writeFileSync(join(dir, '.env'), `PLUVO_TARGETS=${targetsFile()}\n`);
  const cwd = process.cwd();
  const named = ['PLUVO_TARGETS', 'PLUVO_BASE_URL', 'PLUVO_ORG', ONLY_TARGETS_VARIABLE];
  const saved = Object.fromEntries(named.map((name) => [name, process.env[name]]));
  for (const name of named) delete process.env[name];
  process.chdir(dir);
  try {
    expect(namedRunTargets(['globex']).map((identity) => identity.label)).toEqual(['globex (https://globex.pluvo.com)']);
    expect(namedRunTargets([]).map((identity) => identity.label)).toEqual(['acme (https://acme.pluvo.com)', 'globex (https://globex.pluvo.com)']);
    // The runs the monitor starts next read .env for themselves: nothing of it is left in the monitor's environment.
    expect(named.map((name) => process.env[name])).toEqual([undefined, undefined, undefined, undefined]);
  } finally {
    process.chdir(cwd);
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
});

test.describe('a targets.json beside one organisation named', () => {
  test('PLUVO_BASE_URL or PLUVO_ORG, typed, wins over a targets.json that is there, and a line says so; PLUVO_TARGETS, set, wins over both', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-aside-'));
    writeFileSync(join(dir, 'targets.json'), JSON.stringify({ targets: [{ name: 'acme', org: 'acme', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' }] }));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(targetsPath({})).toBe('targets.json');
      expect(targetsPath({ PLUVO_BASE_URL: 'http://127.0.0.1:4010' })).toBeUndefined();
      expect(targetsFileSetAside({ PLUVO_BASE_URL: 'http://127.0.0.1:4010' })).toBe(
        "targets.json is not used: PLUVO_BASE_URL names the one organisation to check (PLUVO_TARGETS=targets.json checks the file's)",
      );
      expect(targetsPath({ PLUVO_ORG: 'globex' })).toBeUndefined();
      expect(targetsPath({ PLUVO_ORG: 'globex', PLUVO_TARGETS: 'targets.json' })).toBe('targets.json');
      expect(targetsFileSetAside({ PLUVO_ORG: 'globex', PLUVO_TARGETS: 'targets.json' })).toBeUndefined();
      expect(targetsFileSetAside({})).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });
});

test.describe('one organisation named twice', () => {
  const write = (targets: object[]) => {
    const path = join(mkdtempSync(join(scratchDir(), 'pluvo-twice-')), 'targets.json');
    writeFileSync(path, JSON.stringify({ targets }));
    return path;
  };
  const entry = (name: string, where: object, clientIdEnv = 'A_ID') => ({ name, ...where, clientIdEnv, clientSecretEnv: 'A_SECRET' });

  test('the same address twice, written as an org or a base URL, is refused in one line naming both entries', () => {
    const sameOrg = write([entry('acme', { org: 'acme' }), entry('acme-again', { org: 'acme' })]);
    expect(() => loadTargets(sameOrg)).toThrow(
      `${sameOrg} targets[1]: (acme-again) names the same organisation as acme (https://acme.pluvo.com). Keep one entry for it`,
    );
    const sameUrl = write([entry('a', { baseUrl: 'https://x.example/' }), entry('b', { baseUrl: 'https://X.example' }, 'B_ID')]);
    expect(() => loadTargets(sameUrl)).toThrow(/targets\[1\]: \(b\) names the same organisation as a \(https:\/\/x\.example\)/);
    const both = write([entry('a', { org: 'acme' }), entry('b', { baseUrl: 'https://acme.pluvo.com/' })]);
    expect(() => loadTargets(both)).toThrow(/\(b\) names the same organisation as a/);
    expect(loadTargets(write([entry('a', { org: 'acme' }), entry('b', { org: 'globex' })]))).toHaveLength(2);
  });
});

test("a target's plain http:// baseUrl with a real secret is refused in its own terms: the entry and its field, never the secret", () => {
  const path = join(mkdtempSync(join(scratchDir(), 'pluvo-plain-')), 'targets.json');
  const entry = (name: string, baseUrl: string) => ({
    name,
    baseUrl,
    clientIdEnv: `${name.toUpperCase()}_ID`,
    clientSecretEnv: `${name.toUpperCase()}_SECRET`,
  });
  writeFileSync(path, JSON.stringify({ targets: [entry('local', 'http://127.0.0.1:4010'), entry('acme', 'http://proxy.acme.example:8080')] }));
  const env = { PLUVO_TARGETS: path, LOCAL_ID: 'l', LOCAL_SECRET: 'local-secret-0123456789', ACME_ID: 'a', ACME_SECRET: 'acme-secret-0123456789' };
  let message = '';
  try {
    runTargets(env);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toBe(
    'target "acme": "baseUrl" is a plain http:// address (proxy.acme.example:8080), which would send the client secret unencrypted. Give its https:// address (plain http is taken only for this machine: localhost, 127.0.0.1, ::1; or for a sandbox with its public demo client). Fix the entry in the targets file',
  );
  expect(message).not.toContain(env.ACME_SECRET);
  // The organisation on this machine alone: taken.
  expect(runTargets({ ...env, [ONLY_TARGETS_VARIABLE]: 'local' }).map((target) => target.config.target.root)).toEqual(['http://127.0.0.1:4010']);
});
