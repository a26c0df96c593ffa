import type { SandboxOptions } from '../../sandbox/options';
import { startSandbox } from '../../sandbox/server';
import { catalogue } from '../../src/checks/catalogue';
import type { CheckResult } from '../../src/checks/check';
import type { CheckContextOptions } from '../../src/checks/check-context';
import type { HttpTransport } from '../../src/http/transport';
import { loadConfig, PAGING_SEED_VARIABLE, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { loadContracts } from '../../src/contracts/manifest';
import { Engine } from '../../src/engine/engine';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import type { CheckOutcome } from '../../src/outcome/check-outcome';
import { targetIdentity } from '../../src/targets/target-identity';
import { VirtualClock } from './virtual-clock';
import { VirtualLatencyTransport } from './virtual-latency-transport';

/** The catalogue of the self-test's own operations: what the fault matrix runs. */
export const FIXTURE_CHECKS = catalogue(loadContracts(SANDBOX_ORG.contractsDir));

interface RunOptions {
  /** Moves the sandbox's clock this far each time it is read: with churn, a change between any two requests. */
  clockTickMs?: number;
  /** Run only the checks whose id this accepts. */
  only?: (checkId: string) => boolean;
  /** Between the checks and the sandbox: what each target's transport becomes (a blip, a proxy). */
  transport?: (real: HttpTransport) => HttpTransport;
}

/**
 * Start a sandbox and run the contract checks against it in-process, through the run's engine
 * (src/engine/engine.ts) as `npm start` does: every selected check started at once, within the
 * target's PLUVO_CONCURRENCY and the run's budget, confirmed and judged there. The sandbox runs on
 * a virtual clock that every sleep (a check's, a Retry-After wait) moves forward, so "wait until
 * the token has expired" and "wait out the 429" cost no real time, and what the sandbox throttles
 * does not depend on the machine's speed.
 */
export async function runChecksAgainstSandbox(
  options: Partial<SandboxOptions> & RunOptions,
  env: Record<string, string> = {},
  files?: CheckContextOptions['files'],
) {
  // Only waits (and, with clockTickMs, each reading) move this clock, so a rate limit refills
  // exactly as fast as the client waits and churn happens between any two requests; waits that
  // overlap overlap, as the checks run side by side.
  const clock = new VirtualClock();
  const { clockTickMs = 0, only = () => true, transport = (real) => real, ...sandboxOptions } = options;
  const { sleep, now } = clock;
  const sandbox = await startSandbox({ port: 0, now: () => clock.advance(clockTickMs), sleep, ...sandboxOptions });
  try {
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, [PAGING_SEED_VARIABLE]: '1', ...env });
    const said: string[] = [];
    const target = {
      name: undefined,
      config,
      identity: targetIdentity(config),
      knowledge: SANDBOX_ORG,
      setIn: { clientId: 'PLUVO_CLIENT_ID', clientSecret: 'PLUVO_CLIENT_SECRET', scopes: 'PLUVO_SCOPES', address: 'PLUVO_SANDBOX_URL' },
    };
    const engine = new Engine([target], {
      transport: () => transport(new VirtualLatencyTransport()),
      now,
      sleep,
      say: (line) => said.push(line),
      ...(files ? { files } : {}),
    });
    const selected = FIXTURE_CHECKS.filter((check) => only(check.id));
    engine.begin(new Map([['', new Set(selected.map((check) => check.id))]]));
    const results = new Map<string, CheckResult>();
    const outcomes = new Map<string, CheckOutcome>();
    for (const check of selected) {
      const settled = await engine.settled('', check.id);
      if ('crashed' in settled) throw settled.crashed;
      if ('stopped' in settled) throw new Error(`${check.id} was stopped`);
      results.set(check.id, settled.result);
      outcomes.set(check.id, settled.outcome);
    }
    const withStatus = (status: CheckOutcome['status']) =>
      [...outcomes]
        .filter(([, outcome]) => outcome.status === status)
        .map(([id]) => id)
        .sort();
    return { failing: withStatus('failed'), degraded: withStatus('degraded'), results, outcomes, said, requestsLeft: engine.budget.remaining };
  } finally {
    await sandbox.close();
  }
}
