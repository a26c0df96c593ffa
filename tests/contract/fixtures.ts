import { test as base } from '@playwright/test';
import type { CheckContext } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { loadConfigFromProcess } from '../../src/config/load-config';
import { PlaywrightTransport } from '../../src/http/playwright-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/**
 * One Pluvo context per worker: its token cache, concurrency bound and budgets are shared by
 * every check the worker runs.
 */
export const test = base.extend<object, { pluvo: CheckContext }>({
  pluvo: [
    async ({ playwright }, use) => {
      const config = loadConfigFromProcess();
      const request = await playwright.request.newContext();
      const clients = createPluvoClients(config, new PlaywrightTransport(request));
      await use(createCheckContext(config, clients, openCheckFiles(config)));
      await request.dispose();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
