import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder of a self-test run (its tests', their monitor runs', Chromium's) goes
 * under one folder of this run, which the global teardown removes: after `npm test`, nothing of
 * ours is left in the system's temp. Set once, in the runner; its workers and their children
 * inherit it, and a second `npm test` beside this one has its own.
 */
const SCRATCH = 'PLUVO_SELFTEST_SCRATCH';
if (!process.env[SCRATCH]) {
  process.env[SCRATCH] = mkdtempSync(join(tmpdir(), 'pluvo-selftest-'));
  process.env.TMPDIR = process.env[SCRATCH];
}

/**
 * Our own tests: units, the sandbox's HTTP behaviour, and the fault matrix. The monitored
 * contract suite has its own config (playwright.config.ts).
 */
export default defineConfig({
  testDir: 'tests',
  testMatch: ['unit/**/*.spec.ts', 'sandbox/**/*.spec.ts', 'selftest/**/*.spec.ts', 'hostile/**/*.spec.ts'],
  outputDir: 'reports/selftest/test-results',
  fullyParallel: true,
  // Three on two cores: many end-to-end tests wait (latency, confirmation, a signal's end) more
  // than they compute, so a third worker fills the cores; measured 146 s with two, see README.
  workers: 3,
  forbidOnly: !!process.env.CI,
  // A backstop for hangs. The end-to-end tests run whole monitor runs as subprocesses and take up
  // to 26 s alone, about twice that beside another suite: the limit must not depend on the load.
  timeout: 180_000,
  reporter: [['list'], ['./tests/support/summary-reporter.ts']],
  use: { trace: 'off' },
  globalTeardown: './tests/support/remove-scratch.ts',
});
