import * as playwright from '@playwright/test';

/**
 * The test runner without the browser's fixtures. `@playwright/test`'s `test` sets up trace
 * recording and a browser context's options around every test, each setup and teardown a step
 * with a captured, source-mapped stack; a test that opens no page pays for them all the same
 * (about 10 ms of CPU a test: 6 s over our own 800 tests). Playwright's own base test, when this
 * Playwright has it. The monitored suite and our own tests use it; neither uses `page` or `request`.
 */
export const test = ((playwright as unknown as { _baseTest?: typeof playwright.test })._baseTest ?? playwright.test) as typeof playwright.test;

export { expect } from '@playwright/test';
