/**
 * The sandbox's public demo clients, as sandbox/demo-clients.ts defines them: not secrets (they
 * only ever open a sandbox on 127.0.0.1). Written here again because the configuration is the
 * bottom of the harness and imports nothing; tests/unit/config.spec.ts holds the two equal.
 */
export const SANDBOX_DEMO_CLIENT = { clientId: 'sandbox-demo-client', clientSecret: 'sandbox-demo-secret-0f3c9a' } as const;

/** A sandbox client whose tokens expire within a second, for the expired-token check. */
export const SANDBOX_EXPIRING_CLIENT = { clientId: 'sandbox-expiring-client', clientSecret: 'sandbox-expiring-secret-7d21e4', tokenTtlSeconds: 1 } as const;
