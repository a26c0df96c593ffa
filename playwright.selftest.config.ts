import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRATCH_VARIABLE } from './tests/support/scratch';

// This run's temporary folder (tests/support/scratch.ts): made once, in the runner; its workers inherit it.
process.env[SCRATCH_VARIABLE] ??= mkdtempSync(join(tmpdir(), 'pluvo-selftest-'));
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
  globalTeardown: './tests/support/scratch.ts',
});
