import { ConfigError } from '../config/config-error';
import { NodeTransport } from '../http/node-transport';
import { createPluvoClients } from '../pluvo/pluvo-clients';
import type { AdoptedAnswer } from '../pluvo/token-client';
import { AlertFiles } from '../report/alert-files';
import type { RunTarget } from '../targets/targets-file';
import { meaningOf } from '../outcome/verdict';
import { preflight, type Preflight } from './preflight';

/** What the preflight decided for the run: each target's look, and the one line to exit with when it is our own mistake. */
export interface RunPreflight {
  looks: Record<string, Preflight>;
  /** Set when the run should stop before it begins: credentials refused where no history says they ever worked, or with someone at the terminal. */
  stopWith?: ConfigError;
}

/**
 * Look at every target of the run at once. A refused client or scope is our own mistake (a rotated
 * secret, a typo in a scope) when the target was never seen to work or someone is at the
 * terminal, and a run of one target then stops with one line naming the variable and the fix. On
 * a target that worked before (the monitor's history), it is news: the checks are not run and the
 * verdict is credentials-refused, alerted as such. A run of several targets never stops for one.
 */
export async function preflightRun(
  targets: readonly RunTarget[],
  options: { reportsDir: string; interactive: boolean; look?: (target: RunTarget) => Promise<Preflight>; tokenAnswered?: TokenAnswered },
): Promise<RunPreflight> {
  const looks = await Promise.all(targets.map((target) => (options.look ?? lookAt)(target, options.tokenAnswered)));
  const advised = looks.map((look, index) => advisedLook(targets[index]!, look));
  const result: RunPreflight = { looks: Object.fromEntries(targets.map((target, index) => [target.identity.key, advised[index]!])) };
  const [only] = targets;
  const look = looks[0];
  if (targets.length === 1 && only && look?.state === 'credentials' && (options.interactive || !workedBefore(options.reportsDir, only.identity.key)))
    result.stopWith = credentialsError(only, look);
  // Nothing listening, or no such host, where no run here has ever had an answer: far likelier our typo than Pluvo's outage.
  if (targets.length === 1 && only && look?.state === 'unavailable' && NOTHING_THERE.test(look.key) && !answeredBefore(options.reportsDir, only.identity.key))
    result.stopWith = new ConfigError(
      only.setIn.address,
      `nothing answers at ${only.identity.key} (${look.key}), and no run here has seen it answer`,
      `Check the address in ${only.setIn.address}; if Pluvo is down, run again when it answers`,
    );
  return result;
}

const PREFLIGHT_MAX_BYTES = 64 * 1024;

/** A refusal says where to fix it, in the alert too: the variables this target's credentials come from. */
function advisedLook(target: RunTarget, look: Preflight): Preflight {
  return look.state === 'credentials' ? { ...look, fix: credentialsAdvice(target, look).fix } : look;
}

/**
 * Each target's preflight on its own, for a run of several (which never stops for one of them):
 * a look each, as it comes in, so that a target that never answers delays only its own checks.
 */
export function preflightEach(targets: readonly RunTarget[], tokenAnswered?: TokenAnswered): Record<string, Promise<Preflight>> {
  return Object.fromEntries(targets.map((target) => [target.identity.key, lookAt(target, tokenAnswered).then((seen) => advisedLook(target, seen))]));
}

/** Where a target's preflight hands the token endpoint's answer to its own request: the run's engine, which asks it once. */
export type TokenAnswered = (target: RunTarget, answer: AdoptedAnswer) => void;

/** One target's preflight, over the network, waiting in real time between looks. */
async function lookAt(target: RunTarget, tokenAnswered?: TokenAnswered): Promise<Preflight> {
  const { config } = target;
  // The answers looked at are a token and `{ __typename }`: a few hundred bytes. Reading no more
  // than this keeps the runner small whatever a target sends; anything larger is an answer (for
  // the checks to judge), as the preflight only asks whether the target answers at all.
  const clients = createPluvoClients({ ...config, maxResponseBytes: Math.min(config.maxResponseBytes, PREFLIGHT_MAX_BYTES) }, new NodeTransport());
  return preflight(clients, {
    ...config,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    ...(tokenAnswered ? { tokenAnswered: (answer: AdoptedAnswer) => tokenAnswered(target, answer) } : {}),
  });
}

/** The one line for refused credentials: the variable, what Pluvo said, and the fix. */
export function credentialsError(target: RunTarget, look: Extract<Preflight, { state: 'credentials' }>): ConfigError {
  const { variable, fix } = credentialsAdvice(target, look);
  return new ConfigError(variable, look.message, fix);
}

/** Which variable to fix for a refusal, and how. */
function credentialsAdvice(target: RunTarget, look: Extract<Preflight, { state: 'credentials' }>): { variable: string; fix: string } {
  if (look.problem === 'scope')
    return { variable: target.setIn.scopes, fix: `Remove it from ${target.setIn.scopes}, or ask Pluvo to grant it to the API client` };
  return {
    variable: target.setIn.clientSecret,
    fix: `Check ${target.setIn.clientId} and ${target.setIn.clientSecret} (a rotated secret?), or whether the API client was revoked in Pluvo`,
  };
}

/** Connections refused and names that do not resolve: no server at all, not one in trouble. */
const NOTHING_THERE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/;

/** Whether a run kept in history had an answer from the target (any verdict that shows Pluvo answered). */
function answeredBefore(reportsDir: string, key: string): boolean {
  try {
    return new AlertFiles(reportsDir, () => undefined)
      .readHistory()
      .some((line) => line.targetKey === key && meaningOf(line.verdict).clears.includes('outage'));
  } catch {
    return false;
  }
}

function workedBefore(reportsDir: string, key: string): boolean {
  try {
    // A run whose verdict shows our client was let in (the verdict table's own word: it clears a credentials incident).
    return new AlertFiles(reportsDir, () => undefined)
      .readHistory()
      .some((line) => line.targetKey === key && meaningOf(line.verdict).clears.includes('credentials'));
  } catch {
    return false;
  }
}
