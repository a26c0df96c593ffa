/**
 * What a sandbox is started with, and its defaults: read by the command line and the embedded
 * sandbox's settings without loading the server, its schema and its data.
 */
import { SANDBOX_CLIENTS, type SandboxClient } from './demo-clients';
import type { FaultName } from './faults';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  seed: number;
  users: number;
  tokenTtlSeconds: number;
  latencyMs: number;
  /** Requests a second per client; 0 means no limit. */
  rateLimit: number;
  rateBurst: number;
  /** What first/last over 50 does: a GraphQL error (default) or a silent cap. */
  overLimit: 'error' | 'clamp';
  faults: ReadonlySet<FaultName>;
  clients: readonly SandboxClient[];
  /** The clock tokens expire, rate limits refill and churn runs by; tests pass a virtual one instead of waiting. */
  now: () => number;
  /** Users created (and as many archived) per second while serving, like a live organisation; 0 for none. */
  churnPerSecond: number;
  /** How the sandbox waits (latency, slow responses); tests pass one that moves their virtual clock. */
  sleep: (ms: number) => Promise<void>;
  /**
   * A short outage: POST /graphql/ gets the proxy's 502 for this long from the first GraphQL
   * request on (0 for none), like a deploy or a failover as a run begins. Not a fault of the
   * contract: a blip that the monitor must wait out, never page for.
   */
  outageMs: number;
  /** Scopes the API client was not granted in this organisation: asking for one is invalid_scope, as for a scope added to PLUVO_SCOPES before Pluvo grants it. */
  refusedScopes: readonly string[];
}

export const DEFAULT_SANDBOX_OPTIONS: SandboxOptions = {
  port: 4010,
  host: '127.0.0.1',
  seed: 1,
  users: 137,
  tokenTtlSeconds: 86_400,
  latencyMs: 0,
  rateLimit: 0,
  rateBurst: 20,
  overLimit: 'error',
  faults: new Set(),
  clients: SANDBOX_CLIENTS,
  now: Date.now,
  churnPerSecond: 0,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  outageMs: 0,
  refusedScopes: [],
};
