/**
 * The one module through which src/ (and the scripts) reach the sandbox, a program of its own:
 * with no live target configured, runs go against a sandbox started here, in the calling process,
 * so it lives and dies with that process and never outlives the command that started it.
 */
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { parseFaults } from '../../sandbox/faults';
import { startSandbox } from '../../sandbox/server';
import { ConfigError } from '../config/config-error';

/** The sandbox's public demo pair: what a run uses when the sandbox is its target. */
export const SANDBOX_DEMO_CLIENT: { clientId: string; clientSecret: string } = DEMO_CLIENT;

/** A sandbox client whose tokens expire within seconds, for the expired-token check. */
export const SANDBOX_EXPIRING_CLIENT: { clientId: string; clientSecret: string; tokenTtlSeconds: number } = {
  ...EXPIRING_CLIENT,
  tokenTtlSeconds: EXPIRING_CLIENT.tokenTtlSeconds ?? 1,
};

export interface EmbeddedSandbox {
  url: string;
  close(): Promise<void>;
}

/** Faults named in SANDBOX_FAULTS, checked here so a typo is one line before anything starts. */
export function embeddedSandboxFaults(list: string | undefined): ReadonlySet<string> {
  try {
    return parseFaults(list);
  } catch (error) {
    throw new ConfigError('SANDBOX_FAULTS', (error as Error).message, 'See `npm run sandbox -- --help` for the fault catalogue');
  }
}

/** Start the embedded sandbox on a free loopback port. */
export async function startEmbeddedSandbox(options: { faults?: string } = {}): Promise<EmbeddedSandbox> {
  const faults = parseFaults(options.faults);
  const sandbox = await startSandbox({ port: 0, faults });
  return { url: sandbox.url, close: () => sandbox.close() };
}
