import type { ReporterDescription } from '@playwright/test';

/** Our console reporter: one line a check, read from its outcome (src/report/console-reporter.ts). */
export const CONSOLE_REPORTER = './src/report/console-reporter.ts';

/**
 * The reports a complete run writes, and `npm run alert` writes from merged shards: HTML for
 * people, JSON for scripts, JUnit for CI, and the alert, history and status page.
 */
export function reportFiles(reports: string): ReporterDescription[] {
  return [
    [CONSOLE_REPORTER],
    ['html', { outputFolder: `${reports}/html`, open: 'never', noSnippets: true }],
    ['json', { outputFile: `${reports}/results.json` }],
    // Ours, not Playwright's: it reads each check's verdict (a broken contract a failure, trouble an error, not run skipped with why).
    ['./src/report/junit-reporter.ts', { outputFile: `${reports}/junit.xml` }],
    ['./src/sinks/end-of-run-reporter.ts'],
  ];
}
