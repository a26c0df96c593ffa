/**
 * A worker is stopped by the runner (Playwright's own message), and ends when the runner does. A
 * SIGHUP to the process group (a closed terminal) must not end it first, which would read as a
 * crash instead of a stop: Playwright's workers ignore SIGINT and SIGTERM for the same reason.
 */
process.on('SIGHUP', () => undefined);

/** Playwright's base test (./base-test.ts): a contract test needs no fixture of ours, its check runs in the engine. */
export { test, expect } from './base-test';
