import { createRequire } from 'node:module';

/** The command line of the Playwright this project resolves (its package exports `./cli`), wherever its node_modules is. */
export const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');
