import { test as base } from '@playwright/test';
import type { CheckContext } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { config as loadDotenv } from 'dotenv';
import { targetConfig } from '../../src/targets/targets-file';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/**
 * One Pluvo context per worker: its token cache, concurrency bound and budgets are shared by
 * every check the worker runs. With a targets file, each target is a Playwright project and its
 * name comes in as the pluvoTarget option; without one, the environment names the target.
 */
export const test = base.extend<object, { pluvo: CheckContext; pluvoTarget: string | undefined }>({
  pluvoTarget: [undefined, { scope: 'worker', option: true }],
  pluvo: [
    async ({ pluvoTarget }, use) => {
      loadDotenv({ quiet: true });
      const config = targetConfig(pluvoTarget, process.env);
      // Node's HTTP client, not Playwright's request context: that one buffers a whole body
      // before we see it (a 50 MB answer is 50 MB, times every request in flight), while this
      // one stops reading at PLUVO_MAX_RESPONSE_BYTES.
      const clients = createPluvoClients(config, new FetchTransport());
      await use(createCheckContext(config, clients, openCheckFiles(config)));
      clients.limits.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
