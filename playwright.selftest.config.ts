import { defineConfig } from '@playwright/test';

/**
 * Our own tests: units, the sandbox's HTTP behaviour, and the fault matrix. The monitored
 * contract suite has its own config (playwright.config.ts).
 */
export default defineConfig({
  testDir: 'tests',
  testMatch: ['unit/**/*.spec.ts', 'sandbox/**/*.spec.ts', 'selftest/**/*.spec.ts', 'hostile/**/*.spec.ts'],
  outputDir: 'reports/selftest/test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter: [['list'], ['./tests/support/summary-reporter.ts']],
  use: { trace: 'off' },
});
