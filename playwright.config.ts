import { defineConfig } from '@playwright/test';
import { exitOnConfigError } from './src/config/config-error';
import { loadConfigFromProcess } from './src/config/load-config';

/**
 * The monitored contract suite: what `npm start`, the CI gate and the hourly monitor run.
 * With no live target (neither PLUVO_ORG nor PLUVO_BASE_URL) the global setup starts the sandbox
 * on a free port and it becomes the target.
 */
exitOnConfigError(loadConfigFromProcess);
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';

export default defineConfig({
  testDir: 'tests/contract',
  outputDir: `${reports}/test-results`,
  timeout: 120_000,
  fullyParallel: true,
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
