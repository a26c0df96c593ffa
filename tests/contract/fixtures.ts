import { test as base } from '@playwright/test';
import type { CheckContext } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { config as loadDotenv } from 'dotenv';
import { targetConfig } from '../../src/targets/targets-file';
import { PlaywrightTransport } from '../../src/http/playwright-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

/**
 * One Pluvo context per worker: its token cache, concurrency bound and budgets are shared by
 * every check the worker runs. With a targets file, each target is a Playwright project and its
 * name comes in as the pluvoTarget option; without one, the environment names the target.
 */
export const test = base.extend<object, { pluvo: CheckContext; pluvoTarget: string | undefined }>({
  pluvoTarget: [undefined, { scope: 'worker', option: true }],
  pluvo: [
    async ({ playwright, pluvoTarget }, use) => {
      loadDotenv({ quiet: true });
      const config = targetConfig(pluvoTarget, process.env);
      const request = await playwright.request.newContext();
      const clients = createPluvoClients(config, new PlaywrightTransport(request));
      await use(createCheckContext(config, clients, openCheckFiles(config)));
      clients.limits.close();
      await request.dispose();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
