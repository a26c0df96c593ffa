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

/**
 * Playwright's own variables for where its reporters write (a CI's PLAYWRIGHT_JSON_OUTPUT_FILE, set
 * for some other suite) win over a configuration's outputFile: results.json, the HTML report or a
 * shard's blob would land elsewhere, and `--list --reporter=json` would answer into a file. Where
 * our reports go is PLUVO_REPORTS_DIR's alone, so the configurations forget them as they load.
 */
export function forgetPlaywrightReportPlaces(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of Object.keys(env)) if (/^PLAYWRIGHT_(JSON|HTML|BLOB|JUNIT)_OUTPUT_(FILE|DIR|NAME)$/.test(name)) delete env[name];
}
