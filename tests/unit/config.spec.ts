import { test, expect } from '../contract/base-test';
import { spawnSync } from 'node:child_process';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { ourScript } from '../support/our-script';

const live = { PLUVO_CLIENT_ID: 'id-123', PLUVO_CLIENT_SECRET: 'secret-456' };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

test.describe('configuration', () => {
  test('no target means the sandbox with its demo client', () => {
    const config = loadConfig({});
    expect(config.target).toEqual({ kind: 'sandbox', root: undefined });
    expect(config.clientId).toBe(DEMO_CLIENT.clientId);
    expect(config.scopes).toEqual(['users.read', 'trainings.read', 'groups.read', 'events.read']);
  });

  test('PLUVO_ORG becomes https://<org>.pluvo.com', () => {
    const config = loadConfig({ PLUVO_ORG: 'Acme-Learning', ...live });
    expect(config.target).toEqual({ kind: 'org', org: 'acme-learning', root: 'https://acme-learning.pluvo.com' });
  });

  test('PLUVO_BASE_URL is reduced to its origin', () => {
    expect(loadConfig({ PLUVO_BASE_URL: 'http://127.0.0.1:4010/', ...live }).target).toEqual({ kind: 'base-url', root: 'http://127.0.0.1:4010' });
  });

  test('plain http:// carries a real secret only on this machine: https anywhere, loopback, and a sandbox in another container with its public demo client are taken', () => {
    for (const root of ['https://acme.pluvo.com', 'https://learn.acme.example', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010'])
      expect(loadConfig({ PLUVO_BASE_URL: `${root}/`, ...live }).target).toEqual({ kind: 'base-url', root });
    const demo = { PLUVO_CLIENT_ID: DEMO_CLIENT.clientId, PLUVO_CLIENT_SECRET: DEMO_CLIENT.clientSecret };
    expect(loadConfig({ PLUVO_BASE_URL: 'http://sandbox:4010', ...demo }).target).toEqual({ kind: 'base-url', root: 'http://sandbox:4010' });
    expect(() => loadConfig({ PLUVO_BASE_URL: 'http://eu.acme.pluvo.com', ...demo })).toThrow(/^PLUVO_BASE_URL: is a plain http:\/\/ address at Pluvo/);
    // A real secret to a proxy, another container or a domain that merely ends like Pluvo's: refused, the secret never named.
    for (const root of ['http://sandbox:4010', 'http://notpluvo.com', 'http://10.0.0.7:8080']) {
      const error = configError({ PLUVO_BASE_URL: root, ...live });
      expect(error.message).toBe(
        `PLUVO_BASE_URL: is a plain http:// address (${new URL(root).host}), which would send the client secret unencrypted. Give its https:// address (plain http is taken only for this machine: localhost, 127.0.0.1, ::1; or for a sandbox with its public demo client)`,
      );
      expect(error.message).not.toContain(live.PLUVO_CLIENT_SECRET);
    }
    // The demo client's id with a secret of another: a real client, refused.
    expect(() => loadConfig({ PLUVO_BASE_URL: 'http://sandbox:4010', ...demo, PLUVO_CLIENT_SECRET: 'secret-456' })).toThrow(
      /^PLUVO_BASE_URL: is a plain http:\/\/ address \(sandbox:4010\)/,
    );
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    [
      'an org with a dot',
      { PLUVO_ORG: 'acme.pluvo.com', ...live },
      /^PLUVO_ORG: "acme.pluvo.com" is not a DNS label\. Give only the organisation part, e\.g\. PLUVO_ORG=acme$/,
    ],
    ['an org with a space', { PLUVO_ORG: 'ac me', ...live }, /^PLUVO_ORG: .*not a DNS label.*letters, digits/],
    ['an org with a leading hyphen', { PLUVO_ORG: '-acme', ...live }, /^PLUVO_ORG: /],
    ['an org of 64 characters', { PLUVO_ORG: 'a'.repeat(64), ...live }, /^PLUVO_ORG: /],
    [
      'a base URL with a path',
      { PLUVO_BASE_URL: 'https://acme.pluvo.com/graphql/', ...live },
      /^PLUVO_BASE_URL: .*has a path.*Give the origin only \(https:\/\/acme\.pluvo\.com\)/,
    ],
    ['a base URL with a query', { PLUVO_BASE_URL: 'http://127.0.0.1:4010?x=1', ...live }, /^PLUVO_BASE_URL: .*query/],
    ['a base URL that is not a URL', { PLUVO_BASE_URL: 'acme', ...live }, /^PLUVO_BASE_URL: "acme" is not a URL/],
    ['a base URL with another scheme', { PLUVO_BASE_URL: 'ftp://acme.example', ...live }, /^PLUVO_BASE_URL: uses ftp/],
    [
      "a plain http:// base URL at Pluvo's own domain, which would send the client secret in clear",
      { PLUVO_BASE_URL: 'http://acme.pluvo.com', ...live },
      /^PLUVO_BASE_URL: is a plain http:\/\/ address at Pluvo \(acme\.pluvo\.com\), which would send the client secret unencrypted\. Give https:\/\/acme\.pluvo\.com: Pluvo serves https only$/,
    ],
    ['both targets', { PLUVO_ORG: 'acme', PLUVO_BASE_URL: 'http://127.0.0.1:1', ...live }, /^PLUVO_ORG: and PLUVO_BASE_URL are both set/],
    ['a live org without a client id', { PLUVO_ORG: 'acme', PLUVO_CLIENT_SECRET: 's' }, /^PLUVO_CLIENT_ID: is not set, but PLUVO_ORG names a live target/],
    [
      'a live base URL without a secret',
      { PLUVO_BASE_URL: 'http://127.0.0.1:1', PLUVO_CLIENT_ID: 'i' },
      /^PLUVO_CLIENT_SECRET: is not set, but PLUVO_BASE_URL/,
    ],
    ['a malformed scope', { PLUVO_SCOPES: 'users.read trainings' }, /^PLUVO_SCOPES: "trainings" is not a scope/],
    ['a webhook that is not a URL', { SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T/B/X' }, /^SLACK_WEBHOOK_URL: is not an http\(s\) URL/],
    ['a concurrency of zero', { PLUVO_CONCURRENCY: '0' }, /^PLUVO_CONCURRENCY: "0" is not a whole number from 1 to 64/],
    [
      'an unknown walk mode',
      { PLUVO_WALK: 'nightly' },
      /^PLUVO_WALK: "nightly" is not one of sampled, full\. Set PLUVO_WALK=sampled or PLUVO_WALK=full, or unset it for sampled$/,
    ],
    ['a page budget too small for a window and the end', { PLUVO_PAGING_PAGES: '3' }, /^PLUVO_PAGING_PAGES: "3" is not a whole number from 8 to 1000/],
    ['a check time budget under a second', { PLUVO_CHECK_TIMEOUT_MS: '10' }, /^PLUVO_CHECK_TIMEOUT_MS: "10" is not a whole number from 1000/],
  ];

  test('paging is sampled by default, with a seed for the run; PLUVO_WALK=full walks everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ walk: 'sampled', pagingPages: 12, checkTimeoutMs: undefined });
    expect(Number.isInteger(config.pagingSeed)).toBe(true);
    expect(loadConfig({ PLUVO_WALK: 'FULL', PLUVO_PAGING_SEED: '42' })).toMatchObject({ walk: 'full', pagingSeed: 42 });
  });
  for (const [name, env, message] of bad) {
    test(`rejects ${name} with one line naming the variable`, () => {
      const error = configError(env);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });
  }

  test('a bad webhook URL is not echoed, since it may be a secret', () => {
    expect(configError({ SLACK_WEBHOOK_URL: 'not-a-url-but-secret-XYZ' }).message).not.toContain('XYZ');
  });

  test('npm start exits 2 with one line on bad input, without a stack trace', () => {
    const result = spawnSync(...ourScript('scripts/start.ts'), {
      env: { ...process.env, PLUVO_ORG: 'acme.pluvo.com', PLUVO_CLIENT_ID: 'i', PLUVO_CLIENT_SECRET: 's', PLUVO_BASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'pluvo-contract-monitor: PLUVO_ORG: "acme.pluvo.com" is not a DNS label. Give only the organisation part, e.g. PLUVO_ORG=acme',
    );
  });
});

test.describe('configuration: flags', () => {
  test('PLUVO_STRICT is 1/true or 0/false/unset, nothing else', () => {
    expect(loadConfig({}).strict).toBe(false);
    expect(loadConfig({ PLUVO_STRICT: '1' }).strict).toBe(true);
    expect(loadConfig({ PLUVO_STRICT: 'true' }).strict).toBe(true);
    expect(loadConfig({ PLUVO_STRICT: '0' }).strict).toBe(false);
    expect(() => loadConfig({ PLUVO_STRICT: 'yes' })).toThrow(
      'PLUVO_STRICT: "yes" is neither 1 nor 0. Set 1 (or true) to turn it on, 0 or unset to leave it off',
    );
  });

  test('CI is whatever a CI service sets it to; unset, empty, 0 or false is a local run', () => {
    for (const ci of ['true', '1', 'woodpecker', 'TRUE']) expect(loadConfig({ CI: ci }).inCI, ci).toBe(true);
    for (const ci of [undefined, '', ' ', '0', 'false', 'False']) expect(loadConfig(ci === undefined ? {} : { CI: ci }).inCI, String(ci)).toBe(false);
  });
});
