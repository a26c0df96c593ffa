import { startSandbox, type SandboxOptions } from '../../sandbox/server';
import { Baseline } from '../../src/baseline/baseline';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { failed, type CheckResult } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { loadConfig, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/** The baseline the project ships for the sandbox (schemas/baseline.json), never written here. */
export function shippedSandboxBaseline(): Baseline {
  const shipped = Baseline.load();
  const pinned: Record<string, string> = {};
  for (const check of CONTRACT_CHECKS) {
    const field = check.id.split('.').at(-1) ?? '';
    const value = shipped.get('sandbox', `over-limit:${field}`);
    if (value) pinned[`over-limit:${field}`] = value;
  }
  return Baseline.inMemory({ sandbox: pinned });
}

/** Start a sandbox, run every contract check against it in-process, and report what failed. */
export async function runChecksAgainstSandbox(options: Partial<SandboxOptions>, env: Record<string, string> = {}) {
  const sandbox = await startSandbox({ port: 0, ...options });
  try {
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, ...env });
    const clients = createPluvoClients(config, new FetchTransport());
    const context = createCheckContext(config, clients, shippedSandboxBaseline());
    const results = new Map<string, CheckResult>();
    for (const check of CONTRACT_CHECKS) results.set(check.id, await check.run(context));
    const failing = [...results].filter(([, result]) => failed(result)).map(([id]) => id).sort();
    return { failing, results, requestsLeft: clients.limits.remainingRequests };
  } finally {
    await sandbox.close();
  }
}
