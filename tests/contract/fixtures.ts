import { test as base } from '@playwright/test';
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
export const test = base.extend<object, { pluvo: CheckContext & { identity: TargetIdentity }; pluvoTarget: string | undefined }>({
  pluvoTarget: [undefined, { scope: 'worker', option: true }],
  pluvo: [
    async ({ pluvoTarget }, use) => {
      const target = runConfiguration().targets.find((candidate) => candidate.name === pluvoTarget)!;
      // Node's HTTP client, not Playwright's request context: that one buffers a whole body
      // before we see it (a 50 MB answer is 50 MB, times every request in flight), while this
      // one stops reading at PLUVO_MAX_RESPONSE_BYTES.
      const clients = createPluvoClients(target.config, new FetchTransport());
      await use({ ...createCheckContext(target.config, clients, target.knowledge), identity: target.identity });
      clients.limits.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
