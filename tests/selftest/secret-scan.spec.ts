import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { findSecrets, readTree, runMonitor } from '../support/run-monitor';

const SECRETS = [DEMO_CLIENT.clientSecret, EXPIRING_CLIENT.clientSecret];

/**
 * The monitored suite end to end, as `npm start` runs it: Playwright starts the embedded sandbox,
 * runs the specs and writes the reports. The in-process fault matrix covers every fault; this
 * proves the wiring (exit codes, test titles, reports) with two faults.
 */
test.describe('the monitored suite, end to end', () => {
  test.describe.configure({ mode: 'serial' });

  // Exit 0 on a healthy run is shown by the alert and schedule tests; here the whole catalogue runs.
  test('the whole catalogue runs; faults fail exactly their contract tests, exit 1, write no committed file, and no secret reaches the reports', async () => {
    const committed = ['schemas/baseline.json', 'schemas/deprecations.json', 'schemas/pluvo.graphql'].map((path) => [path, readFileSync(path, 'utf8')] as const);
    // Two faults that fail one check each: Playwright restarts its worker after every failed test,
    // so a fault that fails many checks would make this test slow without proving more.
    const run = await runMonitor({ SANDBOX_FAULTS: 'wrong-secret-accepted,deprecated-field-in-use' });
    expect(run.status, run.output).toBe(1);
    const expected = CONTRACT_CHECKS.filter((check) => check.id === 'auth.wrong-secret-rejected' || check.id === 'schema.deprecations').map((check) => check.title);
    expect(run.failedTitles).toEqual(expected.sort());
    expect(run.passed).toBe(CONTRACT_CHECKS.length - expected.length);
    expect(run.output).toContain('A wrong client secret should be refused with 401 invalid_client; got HTTP 200.');
    expect(run.output).toContain('deprecation radar: 12 item(s), 1 failing');
    for (const [path, before] of committed) expect(readFileSync(path, 'utf8'), `${path} was changed by a sandbox run`).toBe(before);

    const files = readTree(run.reportsDir);
    expect(files.filter((file) => file.path.includes('#attachment-')).length).toBeGreaterThan(10);
    const leaks = files.flatMap(({ path, text }) => findSecrets(text, SECRETS).map((leak) => `${path}: ${leak}`));
    expect(leaks).toEqual([]);
  });

  test('the secret scan itself finds a planted leak, plain or in an attachment', () => {
    const token = 'tok_AbCdEfGhIjKlMnOpQrSt';
    expect(findSecrets(`{"access_token":"${token}"}`, SECRETS)).toHaveLength(1);
    expect(findSecrets(`authorization: Bearer ${token}`, SECRETS)).toHaveLength(1);
    expect(findSecrets(`client_secret=${DEMO_CLIENT.clientSecret}`, SECRETS)).toHaveLength(1);
    expect(findSecrets('{"access_token":"[REDACTED]"} Bearer [REDACTED]', SECRETS)).toEqual([]);
  });
});
