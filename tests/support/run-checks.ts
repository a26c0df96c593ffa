import { startSandbox, type SandboxOptions } from '../../sandbox/server';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { failed, type CheckResult } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { loadConfig, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/** Start a sandbox, run every contract check against it in-process, and report what failed. */
export async function runChecksAgainstSandbox(options: Partial<SandboxOptions>, env: Record<string, string> = {}, files?: Parameters<typeof createCheckContext>[2]) {
  const sandbox = await startSandbox({ port: 0, ...options });
  try {
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, ...env });
    const clients = createPluvoClients(config, new FetchTransport());
    const context = createCheckContext(config, clients, files ?? openCheckFiles(config));
    const results = new Map<string, CheckResult>();
    for (const check of CONTRACT_CHECKS) results.set(check.id, await check.run(context));
    const failing = [...results].filter(([, result]) => failed(result)).map(([id]) => id).sort();
    return { failing, results, requestsLeft: clients.limits.remainingRequests };
  } finally {
    await sandbox.close();
  }
}
