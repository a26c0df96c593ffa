import { startSandbox, type SandboxOptions } from '../../sandbox/server';
import { loadBaseline } from '../../src/baseline/baseline';
import { TargetFile } from '../../src/baseline/target-file';
import { loadDeprecationLog } from '../../src/drift/deprecation-log';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { failed, type CheckResult } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { loadConfig, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/** In-memory copies of what the project ships for the sandbox: never written by a test. */
export function shippedSandboxFiles() {
  return {
    baseline: TargetFile.inMemory({ sandbox: loadBaseline().entries('sandbox') }),
    deprecations: TargetFile.inMemory({ sandbox: loadDeprecationLog().entries('sandbox') }),
  };
}

/** Start a sandbox, run every contract check against it in-process, and report what failed. */
export async function runChecksAgainstSandbox(options: Partial<SandboxOptions>, env: Record<string, string> = {}) {
  const sandbox = await startSandbox({ port: 0, ...options });
  try {
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, ...env });
    const clients = createPluvoClients(config, new FetchTransport());
    const context = createCheckContext(config, clients, shippedSandboxFiles());
    const results = new Map<string, CheckResult>();
    for (const check of CONTRACT_CHECKS) results.set(check.id, await check.run(context));
    const failing = [...results].filter(([, result]) => failed(result)).map(([id]) => id).sort();
    return { failing, results, requestsLeft: clients.limits.remainingRequests };
  } finally {
    await sandbox.close();
  }
}
