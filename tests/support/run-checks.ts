import { startSandbox, type SandboxOptions } from '../../sandbox/server';
import { catalogue } from '../../src/checks/catalogue';
import type { CheckResult } from '../../src/checks/check';
import { createCheckContext, type CheckContextOptions } from '../../src/checks/check-context';
import { loadConfig, PAGING_SEED_VARIABLE, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { loadContracts } from '../../src/contracts/manifest';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import type { CheckOutcome } from '../../src/outcome/check-outcome';
import { runConfirmed } from '../../src/run/confirm';
import { NodeTransport } from '../../src/http/node-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/** The catalogue of the self-test's own operations: what the fault matrix runs. */
export const FIXTURE_CHECKS = catalogue(loadContracts(SANDBOX_ORG.contractsDir));

interface RunOptions {
  /** Moves the sandbox's clock this far each time it is read: with churn, a change between any two requests. */
  clockTickMs?: number;
  /** Run only the checks whose id this accepts. */
  only?: (checkId: string) => boolean;
}

/**
 * Start a sandbox, run every contract check against it in-process, and report what failed. The
 * sandbox runs on a virtual clock that every sleep (a check's, a Retry-After wait) moves forward,
 * so "wait until the token has expired" and "wait out the 429" cost no real time, and what the
 * sandbox throttles does not depend on the machine's speed.
 */
export async function runChecksAgainstSandbox(
  options: Partial<SandboxOptions> & RunOptions,
  env: Record<string, string> = {},
  files?: CheckContextOptions['files'],
) {
  // Only sleeps (and, with clockTickMs, each reading) move this clock, so a rate limit refills
  // exactly as fast as the client waits and churn happens between any two requests.
  let virtualNow = Date.now();
  const { clockTickMs = 0, only = () => true, ...sandboxOptions } = options;
  const sleep = async (ms: number) => {
    virtualNow += ms;
  };
  const sandbox = await startSandbox({ port: 0, now: () => (virtualNow += clockTickMs), sleep, ...sandboxOptions });
  try {
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, [PAGING_SEED_VARIABLE]: '1', ...env });
    const clients = createPluvoClients(config, new NodeTransport(() => virtualNow), { sleep });
    const said: string[] = [];
    const context = createCheckContext(config, clients, SANDBOX_ORG, {
      ...(files ? { files } : {}),
      sleep,
      now: () => virtualNow,
      say: (line) => said.push(line),
    });
    const results = new Map<string, CheckResult>();
    const outcomes = new Map<string, CheckOutcome>();
    for (const check of FIXTURE_CHECKS.filter((c) => only(c.id))) {
      // Run, confirmed and judged as the contract suite does (waits and latency on the virtual clock).
      const { result, outcome } = await runConfirmed(check, context);
      results.set(check.id, result);
      outcomes.set(check.id, outcome);
    }
    const withStatus = (status: CheckOutcome['status']) =>
      [...outcomes]
        .filter(([, outcome]) => outcome.status === status)
        .map(([id]) => id)
        .sort();
    return { failing: withStatus('failed'), degraded: withStatus('degraded'), results, outcomes, said, requestsLeft: clients.limits.remainingRequests };
  } finally {
    await sandbox.close();
  }
}
