import type { ReporterDescription } from '@playwright/test';
import { engineModule } from '../files/engine-file';

/** Our console reporter: one line a check, read from its outcome (src/report/console-reporter.ts). */
export const CONSOLE_REPORTER = engineModule('src/report/console-reporter');

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
    [engineModule('src/report/junit-reporter'), { outputFile: `${reports}/junit.xml` }],
    [engineModule('src/sinks/end-of-run-reporter')],
  ];
}
