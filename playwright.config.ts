import { defineConfig, type ReporterDescription } from '@playwright/test';
import { exitOnConfigError } from './src/config/config-error';
import { FILES_CHECKED_BY_RUNNER_VARIABLE } from './src/config/json-file';
import { PAGING_SEED_VARIABLE } from './src/config/load-config';
import { MAX_DERIVED_CHECK_MS } from './src/pluvo/budget';
import { REQUEST_LEDGER_VARIABLE } from './src/pluvo/run-limits';
import { carryOnWhenOutputCloses } from './src/process/closed-output';
import { stopGracefullyOnSignals } from './src/process/runner-signals';
import { createRunFolder, markStopping, removeRunFolderOnExit } from './src/security/run-folder';
import { RUN_SECRETS_VARIABLE } from './src/security/run-secrets';
import { CONSOLE_REPORTER, reportFiles } from './src/report/report-files';
import { SELECTION_REPORTER } from './src/run/selection-reporter';
import { runConfiguration } from './src/targets/run-configuration';

/**
 * The monitored contract suite: what `npm start`, the CI gate and the hourly monitor run.
 * - No live target (no PLUVO_ORG, PLUVO_BASE_URL or targets file): the global setup starts the
 *   sandbox on a free port and it becomes the target.
 * - A targets file: each organisation is a Playwright project, so reports, pins, deprecation dates
 *   and alert state are kept per organisation and one's failure never hides another's result.
 * - A shard (`--shard i/n`): it writes a blob report and alerts nobody; `npm run alert` merges
 *   the shards and sends the one message.
 */
const { targets } = exitOnConfigError(runConfiguration);
const config = targets[0]!.config;
// Playwright loads this file again in every worker; the seed chosen here travels to them through
// the environment, so every check of the run samples from the same draw.
process.env[PAGING_SEED_VARIABLE] ||= String(config.pagingSeed);
// The run's request budget is counted, and the secrets it meets are shared, in one file each for
// every worker, restarted ones included, and for the reporters.
if (!process.env[REQUEST_LEDGER_VARIABLE] || !process.env[RUN_SECRETS_VARIABLE]) {
  // The runner (workers find the variables set): a SIGTERM stops the run as a Ctrl-C does.
  stopGracefullyOnSignals();
  carryOnWhenOutputCloses();
  const files = createRunFolder();
  removeRunFolderOnExit(files.dir);
  // Workers that stop after a failed test finish their running checks first; those of a stopped run let go at once.
  process.on('SIGINT', () => markStopping(files.dir));
  process.env[REQUEST_LEDGER_VARIABLE] = files.ledger;
  process.env[RUN_SECRETS_VARIABLE] = files.secrets;
  process.env[FILES_CHECKED_BY_RUNNER_VARIABLE] = '1';
}
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
/**
 * A worker is a target's: it starts all of that target's checks at once, within the target's
 * bounds (tests/contract/fixtures.ts), so one worker per target is all a target needs, and the
 * targets run side by side, up to this many at once (`--workers N` for another number): a worker
 * costs about 1.5 s of CPU for an organisation's run, its waiting for Pluvo nothing.
 */
const TARGETS_AT_ONCE = 16;
const sharded = process.argv.some((arg) => arg === '--shard' || arg.startsWith('--shard='));

export default defineConfig<object, { pluvoTarget: string | undefined }>({
  testDir: 'tests/contract',
  outputDir: `${reports}/test-results`,
  // A backstop only: each check stops at its own time budget first and says so ("monitor budget
  // exceeded"), which a bare Playwright timeout would not.
  timeout: (config.checkTimeoutMs ?? MAX_DERIVED_CHECK_MS) + 60_000,
  fullyParallel: true,
  // A check that passes on retry is flaky: reported, and alerted only when it keeps happening.
  retries: config.retries,
  forbidOnly: !!process.env.CI,
  // Playwright's blob reporter empties its folder first, so each shard has a folder of its own.
  workers: Math.min(targets.length, TARGETS_AT_ONCE),
  // Each worker is told which checks to start by the selection the runner made (src/run/selection-reporter.ts).
  reporter: [
    ...(sharded
      ? [[CONSOLE_REPORTER], ['blob', { outputDir: `${reports}/blob-${shardName()}`, fileName: `report-${shardName()}.zip` }]]
      : reportFiles(reports)),
    [SELECTION_REPORTER],
  ] as ReporterDescription[],
  // Traces record request headers verbatim (bearer tokens included) and cannot be redacted.
  use: { trace: 'off' },
  // One worker per target at a time: its concurrency bound and budgets are the target's.
  projects: targets.map((target) => (target.name ? { name: target.name, workers: 1, use: { pluvoTarget: target.name } } : { name: 'contract', workers: 1 })),
  globalSetup: './tests/contract/global-setup.ts',
});

/**
 * "1-of-2" from --shard 1/2, so shards that share a folder do not overwrite each other; with
 * --project acme, "acme-1-of-1", so that one job an organisation (the hourly workflow) does not either.
 */
function shardName(): string {
  const valueOf = (flag: string) => {
    const index = process.argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
    if (index < 0) return undefined;
    return process.argv[index]!.includes('=') ? process.argv[index]!.split('=')[1] : process.argv[index + 1];
  };
  const project = valueOf('--project')?.replace(/[^\w.-]/g, '_');
  return `${project ? `${project}-` : ''}${(valueOf('--shard') ?? 'shard').replace('/', '-of-')}`;
}
