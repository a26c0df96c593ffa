import { startSandbox, type SandboxOptions } from '../../sandbox/server';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { failed, type CheckResult } from '../../src/checks/check';
import { judgeLatency, thresholdsFor } from '../../src/checks/latency';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { loadConfig, PAGING_SEED_VARIABLE, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

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
  files?: Parameters<typeof createCheckContext>[2],
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
    const clients = createPluvoClients(config, new FetchTransport(() => virtualNow), { sleep });
    const context = createCheckContext(config, clients, files ?? openCheckFiles(config), { sleep, now: () => virtualNow });
    const results = new Map<string, CheckResult>();
    for (const check of CONTRACT_CHECKS.filter((c) => only(c.id))) results.set(check.id, await check.run(context));
    const failing = [...results]
      .filter(([, result]) => failed(result))
      .map(([id]) => id)
      .sort();
    // Latency as the contract suite judges it, on the virtual clock: only the sandbox's own delays count.
    const degraded = CONTRACT_CHECKS.filter(
      (check) => results.has(check.id) && judgeLatency(results.get(check.id)!, thresholdsFor(config, check.area)).verdict !== 'ok',
    )
      .map((check) => check.id)
      .sort();
    return { failing, degraded, results, requestsLeft: clients.limits.remainingRequests };
  } finally {
    await sandbox.close();
  }
}
