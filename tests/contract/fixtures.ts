import { test as base } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sharedOutage } from '../../src/run/shared-outage';
import { RUN_SECRETS_VARIABLE } from '../../src/security/run-secrets';
import type { Preflight } from '../../src/run/preflight';
import { PREFLIGHT_VARIABLE } from '../../src/run/run-preflight';
import type { CheckContext } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { runConfiguration } from '../../src/targets/run-configuration';
import type { TargetIdentity } from '../../src/targets/target-identity';

/**
 * One Pluvo context per worker: its token cache, concurrency bound and budgets are shared by
 * every check the worker runs. With a targets file, each target is a Playwright project and its
 * name comes in as the pluvoTarget option; without one, the environment names the target.
 */
/** What the run's preflight saw of each target, by key (global-setup.ts); none when it did not look. */
function preflightLooks(): Record<string, Preflight> {
  const path = process.env[PREFLIGHT_VARIABLE];
  if (!path || !existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Preflight>;
}

export type RunContext = CheckContext & { identity: TargetIdentity; preflight: Preflight | undefined };

export const test = base.extend<object, { pluvo: RunContext; pluvoTarget: string | undefined }>({
  pluvoTarget: [undefined, { scope: 'worker', option: true }],
  pluvo: [
    async ({ pluvoTarget }, use) => {
      const target = runConfiguration().targets.find((candidate) => candidate.name === pluvoTarget)!;
      // Node's HTTP client, not Playwright's request context: that one buffers a whole body
      // before we see it (a 50 MB answer is 50 MB, times every request in flight), while this
      // one stops reading at PLUVO_MAX_RESPONSE_BYTES.
      const clients = createPluvoClients(target.config, new FetchTransport());
      const preflight = preflightLooks()[target.identity.key];
      const runDir = process.env[RUN_SECRETS_VARIABLE] ? dirname(process.env[RUN_SECRETS_VARIABLE]) : undefined;
      const outage = runDir ? sharedOutage(runDir, target.identity.key) : undefined;
      await use({ ...createCheckContext(target.config, clients, target.knowledge, outage ? { outage } : {}), identity: target.identity, preflight });
      clients.limits.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
