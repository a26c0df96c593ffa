import { defineConfig } from '@playwright/test';
import { exitOnConfigError } from './src/config/config-error';
import { loadConfigFromProcess, PAGING_SEED_VARIABLE } from './src/config/load-config';
import { MAX_DERIVED_CHECK_MS } from './src/pluvo/budget';

/**
 * The monitored contract suite: what `npm start`, the CI gate and the hourly monitor run.
 * With no live target (neither PLUVO_ORG nor PLUVO_BASE_URL) the global setup starts the sandbox
 * on a free port and it becomes the target.
 */
// Playwright loads this file again in every worker; the seed chosen here travels to them through
// the environment, so every check of the run samples from the same draw.
const config = exitOnConfigError(loadConfigFromProcess);
process.env[PAGING_SEED_VARIABLE] ||= String(config.pagingSeed);
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';

export default defineConfig({
  testDir: 'tests/contract',
  outputDir: `${reports}/test-results`,
  // A backstop only: each check stops at its own time budget first and says so ("monitor budget
  // exceeded"), which a bare Playwright timeout would not.
  timeout: (config.checkTimeoutMs ?? MAX_DERIVED_CHECK_MS) + 60_000,
  fullyParallel: true,
  // A check that passes on retry is flaky: reported, and alerted only when it keeps happening.
  retries: config.retries,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['html', { outputFolder: `${reports}/html`, open: 'never', noSnippets: true }],
    ['json', { outputFile: `${reports}/results.json` }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['./src/report/slack-reporter.ts'],
  ],
  // Traces record request headers verbatim (bearer tokens included) and cannot be redacted.
  use: { trace: 'off' },
  projects: [{ name: 'contract' }],
  globalSetup: './tests/contract/global-setup.ts',
});
