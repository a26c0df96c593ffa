import { test, expect } from '../contract/base-test';
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { findSecrets } from '../support/run-monitor';

const SECRETS = [DEMO_CLIENT.clientSecret, EXPIRING_CLIENT.clientSecret];

/**
 * The secret scan that the end-to-end tests (slack-alerts.spec.ts) run over every report and
 * message: it must find a planted leak, or its silence would prove nothing.
 */
test.describe('the secret scan', () => {
  test('the secret scan itself finds a planted leak, plain or in an attachment', () => {
    const token = 'tok_AbCdEfGhIjKlMnOpQrSt';
    expect(findSecrets(`{"access_token":"${token}"}`, SECRETS)).toHaveLength(1);
    expect(findSecrets(`authorization: Bearer ${token}`, SECRETS)).toHaveLength(1);
    expect(findSecrets(`client_secret=${DEMO_CLIENT.clientSecret}`, SECRETS)).toHaveLength(1);
    expect(findSecrets('{"access_token":"[REDACTED]"} Bearer [REDACTED]', SECRETS)).toEqual([]);
  });
});
