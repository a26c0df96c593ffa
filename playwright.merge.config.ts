import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { forgetPlaywrightReportPlaces, reportFiles } from './src/report/report-files';

/**
 * What `npm run alert` merges shards into (`playwright merge-reports`): the same HTML, JSON and
 * JUnit reports a complete run writes, and the one alert, history line and status page.
 */
// Where the merged reports go is PLUVO_REPORTS_DIR's alone, as in playwright.config.ts.
forgetPlaywrightReportPlaces();

export default defineConfig({
  testDir: 'tests/contract',
  reporter: reportFiles(resolve(process.env.PLUVO_REPORTS_DIR ?? 'reports')),
});
