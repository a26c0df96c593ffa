/**
 * The sandbox's built-in API clients. These are public demo values, not secrets: they only ever
 * open a sandbox on 127.0.0.1. The harness uses DEMO_CLIENT when the sandbox is its target.
 */
export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Scopes this client may ask for. */
  allowedScopes: string[];
  /** Overrides the server's token lifetime for this client (seconds). */
  tokenTtlSeconds?: number;
}

export const ALL_SCOPES = [
  'users.read',
  'users.write',
  'trainings.read',
  'trainings.write',
  'groups.read',
  'groups.write',
  'events.read',
  'events.write',
  'extra_categories.write',
];

export const DEMO_CLIENT: SandboxClient = {
  clientId: 'sandbox-demo-client',
  clientSecret: 'sandbox-demo-secret-0f3c9a',
  allowedScopes: ALL_SCOPES,
};

/**
 * Tokens from this client expire after one second, so "an expired token gets 401" can be
 * checked against the sandbox without waiting a day or reaching into the server.
 */
export const EXPIRING_CLIENT: SandboxClient = {
  clientId: 'sandbox-expiring-client',
  clientSecret: 'sandbox-expiring-secret-7d21e4',
  allowedScopes: ALL_SCOPES,
  tokenTtlSeconds: 1,
};

export const SANDBOX_CLIENTS: SandboxClient[] = [DEMO_CLIENT, EXPIRING_CLIENT];
