import type { ReporterDescription } from '@playwright/test';

/**
 * The reports a complete run writes, and `npm run alert` writes from merged shards: HTML for
 * people, JSON for scripts, JUnit for CI, and the alert, history and status page.
 */
export function reportFiles(reports: string): ReporterDescription[] {
  return [
    ['list'],
    ['html', { outputFolder: `${reports}/html`, open: 'never', noSnippets: true }],
    ['json', { outputFile: `${reports}/results.json` }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['./src/report/slack-reporter.ts'],
  ];
}
