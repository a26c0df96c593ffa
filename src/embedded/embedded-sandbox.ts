/**
 * The one module through which src/ (and the scripts) reach the sandbox, a program of its own:
 * with no live target configured, runs go against a sandbox started here, in the calling process,
 * so it lives and dies with that process and never outlives the command that started it.
 */
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { parseScopes } from '../../sandbox/cli-options';
import { parseFaults } from '../../sandbox/faults';
import type { SandboxOptions } from '../../sandbox/options';
import { ConfigError } from '../config/config-error';
import type { Env } from '../config/load-config';

/** The sandbox's public demo pair: what a run uses when the sandbox is its target. */
export const SANDBOX_DEMO_CLIENT: { clientId: string; clientSecret: string } = DEMO_CLIENT;

/** A sandbox client whose tokens expire within seconds, for the expired-token check. */
export const SANDBOX_EXPIRING_CLIENT: { clientId: string; clientSecret: string; tokenTtlSeconds: number } = {
  ...EXPIRING_CLIENT,
  tokenTtlSeconds: EXPIRING_CLIENT.tokenTtlSeconds ?? 1,
};

export interface EmbeddedSandbox {
  url: string;
  /** Requests it served: what the run cost. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * The embedded sandbox's shape, from the environment: SANDBOX_FAULTS, and SANDBOX_USERS,
 * SANDBOX_LATENCY_MS and SANDBOX_CHURN to make it a large, far-away, changing organisation (the
 * same as the sandbox's --users, --latency-ms and --churn). Checked before anything starts, so a
 * typo is one line.
 */
export function embeddedSandboxOptions(env: Env): Partial<SandboxOptions> {
  let faults;
  try {
    faults = parseFaults(env.SANDBOX_FAULTS);
  } catch (error) {
    throw new ConfigError('SANDBOX_FAULTS', (error as Error).message, 'See `npm run sandbox -- --help` for the fault catalogue');
  }
  return {
    faults,
    users: whole(env, 'SANDBOX_USERS', 137, 1, 100_000),
    latencyMs: whole(env, 'SANDBOX_LATENCY_MS', 0, 0, 600_000),
    churnPerSecond: whole(env, 'SANDBOX_CHURN', 0, 0, 10_000),
    outageMs: whole(env, 'SANDBOX_OUTAGE_MS', 0, 0, 3_600_000),
    refusedScopes: refusedScopes(env),
  };
}

function refusedScopes(env: Env): string[] {
  try {
    return parseScopes('SANDBOX_REFUSE_SCOPES', env.SANDBOX_REFUSE_SCOPES);
  } catch (error) {
    throw new ConfigError(
      'SANDBOX_REFUSE_SCOPES',
      (error as Error).message.replace(/^SANDBOX_REFUSE_SCOPES: /, '').replace(/\.$/, ''),
      'List scopes the sandbox has, separated by spaces or commas',
    );
  }
}

function whole(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(variable, `"${raw}" is not a whole number from ${min} to ${max}`, `Set a number in that range, or unset it for ${fallback}`);
  return value;
}

/**
 * Start the embedded sandbox on a free loopback port. The server, its schema and its data are
 * loaded here, when one is started: the commands that only check its settings never load them.
 */
export async function startEmbeddedSandbox(options: Partial<SandboxOptions> = {}): Promise<EmbeddedSandbox> {
  const { startSandbox } = await import('../../sandbox/server');
  const sandbox = await startSandbox({ ...options, port: 0 });
  return {
    url: sandbox.url,
    get requests() {
      return sandbox.requests;
    },
    close: () => sandbox.close(),
  };
}
