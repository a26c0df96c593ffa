import { defineConfig, type Project, type ReporterDescription } from '@playwright/test';
import { resolve } from 'node:path';
import { exitOnConfigError } from './src/config/config-error';
import { ownCheckFiles } from './src/config/own-checks';
import { readProjectSettings } from './src/config/project-settings';
import { BEGIN_REPORTER } from './src/engine/begin-reporter';
import { FAILED_CHECK_REPORTER } from './src/engine/failed-check-reporter';
import { engineModule } from './src/files/engine-file';
import { reportingWorkers } from './src/engine/suite-plan';
import { MAX_DERIVED_CHECK_MS } from './src/pluvo/budget';
import { CONSOLE_REPORTER, forgetPlaywrightReportPlaces, reportFiles } from './src/report/report-files';
import { runSettings } from './src/targets/run-configuration';
import { ONLY_TARGETS_VARIABLE, suiteTargetNames } from './src/targets/targets-file';

/**
 * The monitored contract suite: what `npm start`, the CI gate and the hourly monitor run.
 * - The run's engine is in Playwright's runner process (tests/contract/global-setup.ts,
 *   src/engine/engine.ts): every request of every target is sent from there, the checks of a
 *   target all at once. A test, in a worker, reports its check's outcome.
 * - No live target (no PLUVO_ORG, PLUVO_BASE_URL or targets file): the global setup starts the
 *   sandbox on a free port and it becomes the target.
 * - A targets file: each organisation is a group of tests titled with its name; reports, pins,
 *   deprecation dates and alert state are kept per organisation and one's failure never hides
 *   another's result.
 * - A shard (`--shard i/n`): it writes a blob report and alerts nobody; `npm run alert` merges
 *   the shards and sends the one message.
 */
const settings = exitOnConfigError(runSettings);
forgetPlaywrightReportPlaces();
/** The organisations the run checks, by name ('' for the one of a run without a targets file). */
const organisations = suiteTargetNames(process.env);
// Where the command runs, never beside this file (Playwright reads a relative path from the configuration's folder, which is inside the package once installed).
const reports = resolve(process.env.PLUVO_REPORTS_DIR ?? 'reports');
const sharded = process.argv.some((arg) => arg === '--shard' || arg.startsWith('--shard='));
// A listing runs nothing: the console names the checks, and no report of the last run is overwritten.
const listing = process.argv.includes('--list');

export default defineConfig({
  testDir: 'tests/contract',
  outputDir: `${reports}/test-results`,
  // A backstop only: each check stops at its own time budget first and says so ("monitor budget
  // exceeded"), which a bare Playwright timeout would not.
  timeout: (settings.checkTimeoutMs ?? MAX_DERIVED_CHECK_MS) + 60_000,
  // A broken check is tried again by the engine (PLUVO_RETRIES), before its test reports it: one
  // that passes then is flaky. A Playwright retry would cost a worker of its own for each.
  retries: 0,
  forbidOnly: !!process.env.CI,
  // The workers only report what the engine found: how many, src/engine/suite-plan.ts says. A
  // failed check keeps its worker (src/engine/failed-check-reporter.ts). `--workers` decides otherwise.
  workers: reportingWorkers(organisations),
  reporter: [
    // First: a failed check's test keeps its worker, and this puts the failure right before the other reporters read it.
    [FAILED_CHECK_REPORTER],
    ...(listing
      ? [[CONSOLE_REPORTER]]
      : sharded
        ? [[CONSOLE_REPORTER], ['blob', { outputDir: `${reports}/blob-${shardName()}`, fileName: `report-${shardName()}.zip` }]]
        : reportFiles(reports)),
    [BEGIN_REPORTER],
  ] as ReporterDescription[],
  // Traces record request headers verbatim (bearer tokens included) and cannot be redacted.
  use: { trace: 'off' },
  projects: [{ name: 'contract' }, ...ownProjects()],
  globalSetup: engineModule('tests/contract/global-setup'),
});

/**
 * The user's own checks (pluvo-monitor.json "checks": the files there that import
 * pluvo-contract-monitor/test), a project for each target of the run: "own", or "own-<name>" with
 * a targets file. Their `pluvo` fixture is that target's client (src/own/test.ts).
 */
function ownProjects(): Project[] {
  const own = exitOnConfigError(() => ownCheckFiles(readProjectSettings()));
  if (!own?.files.length) return [];
  const files = own.files.map((file) => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  return organisations.map((name) => ({
    name: name ? `own-${name}` : 'own',
    testDir: own.dir,
    testMatch: files,
    use: { pluvoTarget: name } as Project['use'],
  }));
}

/**
 * "1-of-2" from --shard 1/2, so shards that share a folder do not overwrite each other; narrowed to
 * organisations (`npm start -- --target acme`), "acme-1-of-1", so that one job an organisation (the
 * hourly workflow) does not either.
 */
function shardName(): string {
  const index = process.argv.findIndex((arg) => arg === '--shard' || arg.startsWith('--shard='));
  const shard = index < 0 ? 'shard' : process.argv[index]!.includes('=') ? process.argv[index]!.split('=')[1]! : (process.argv[index + 1] ?? 'shard');
  const only = process.env[ONLY_TARGETS_VARIABLE]?.replace(/[^\w.,-]/g, '_').replace(/,/g, '+');
  return `${only ? `${only}-` : ''}${shard.replace('/', '-of-')}`;
}
