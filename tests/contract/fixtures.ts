import * as playwright from '@playwright/test';

/**
 * The test runner without the browser's fixtures: the monitored suite opens no page, and
 * @playwright/test's `test` sets up trace recording and context options for every test, each
 * setup and teardown a step with a captured, source-mapped stack. Playwright's own base test, when
 * this Playwright has it. A contract test needs no fixture of ours: its check runs in the engine.
 */
/**
 * A worker is stopped by the runner (Playwright's own message), and ends when the runner does. A
 * SIGHUP to the process group (a closed terminal) must not end it first, which would read as a
 * crash instead of a stop: Playwright's workers ignore SIGINT and SIGTERM for the same reason.
 */
process.on('SIGHUP', () => undefined);

export const test = ((playwright as unknown as { _baseTest?: typeof playwright.test })._baseTest ?? playwright.test) as typeof playwright.test;

export { expect } from '@playwright/test';
