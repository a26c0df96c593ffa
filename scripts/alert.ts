/**
 * `npm run alert [blob-folder]`: after a sharded run, merge the shards' blob reports (default
 * reports/blob) into one HTML, JSON and JUnit report, and send the one alert, with history, state
 * and the status page. Shards never post alone (a run with --shard writes a blob and alerts
 * nobody), so a sharded hourly monitor tells Slack once, about every organisation.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CONFIG_EXIT_CODE } from '../src/config/config-error';
import { engineModule } from '../src/files/engine-file';
import { AlertFiles, latestRun } from '../src/report/alert-files';
import { failsTheRun } from '../src/outcome/verdict';
import { ancestorsUpToNpm, whenAnyEnds } from '../src/process/ancestors';
import { lockReportsFolder } from '../src/process/exclusive-lock';
import { descendantsOf, endOutright } from '../src/process/process-tree';
import { exitCodeOf, STOP_SIGNALS } from '../src/process/stop-signals';
import { readCommandLine } from './support/command-line';
import { unwritableReports } from './support/reports-folder';
import { counted } from '../src/text/counted';

const { positionals } = readCommandLine({
  name: 'alert',
  typed: 'npm run alert',
  does: `After a sharded run, merge the shards' blob reports (report-*.zip, found anywhere beneath the folder,
by default reports/) into one HTML, JSON and JUnit report, and send the one alert, with history, state
and the status page. Exits as a run does: 1 on a broken contract.`,
  positionals: { shown: '[folder]', max: 1 },
  examples: [['npm run alert -- reports', "every shard's report beneath reports/ (shards run on this machine)"]],
});

const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';
// The shards' blobs (report-*.zip), anywhere beneath the folder named on the command line (CI
// downloads them into one; shards run on this machine each write reports/blob-<i>-of-<n>/), or
// beneath the reports folder; never the merge's own copies.
const folders = [positionals[0] ?? reports];
const zips = folders.flatMap((folder) => blobsBeneath(folder, 3));

function blobsBeneath(folder: string, depth: number): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory() || depth < 0) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'blob-merged' || entry.name === 'html' ? [] : blobsBeneath(path, depth - 1);
    return /^report.*\.zip$/.test(entry.name) ? [path] : [];
  });
}
if (!zips.length) {
  process.stderr.write(
    `alert: no blob reports (report-*.zip) beneath ${folders.join(', ')}. Run the shards first (npx playwright test --shard 1/2 …), or name the folder they were collected in: npm run alert -- <folder>.\n`,
  );
  process.exit(CONFIG_EXIT_CODE);
}
// One writer of a reports folder at a time, a run or a merge; and one that cannot be written is one
// line before anything is merged, as it is for npm start.
const taking = lockReportsFolder(reports, 'run.lock', 'alert');
if ('unwritable' in taking) {
  process.stderr.write(`alert: ${unwritableReports(reports, taking.unwritable, 'the merge')}\n`);
  process.exit(CONFIG_EXIT_CODE);
}
if (!taking.taken) {
  process.stderr.write(
    `alert: another run is writing ${reports}/ (pid ${taking.holder.holders.map((holder) => holder.pid).join(', ')}); wait for it, or give this merge a PLUVO_REPORTS_DIR of its own.\n`,
  );
  process.exit(CONFIG_EXIT_CODE);
}
const { lock } = taking;
const blobs = join(reports, 'blob-merged');
rmSync(blobs, { recursive: true, force: true });
mkdirSync(blobs, { recursive: true });
for (const zip of zips) copyFileSync(zip, join(blobs, zip.split('/').at(-1)!));
process.stdout.write(`alert: merging ${counted(zips.length, 'shard report')}\n`);
/**
 * A stop is a stop: the merge (and the alert it would send) ends at once, nothing is sent, and the
 * shards' reports stay where they were, so that the same command merges and alerts later. Whatever
 * the signal reaches: this command, its group, or the npm above it (which passes none on). The
 * handlers are in place before the merge starts: until Node has one, a signal ends this command
 * outright and leaves the merge running, to send the alert (the README's shard test met it).
 */
let stoppedBy: NodeJS.Signals | undefined;
let mergePid: number | undefined;
const endMerge = () => {
  if (mergePid) endOutright([mergePid, ...descendantsOf(mergePid)]);
};
function stop(signal: NodeJS.Signals): void {
  if (stoppedBy) return;
  stoppedBy = signal;
  process.stderr.write(`alert: ${signal}: the merge is stopped and nothing is sent; npm run alert again merges the same shards.\n`);
  endMerge();
}
for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
whenAnyEnds(ancestorsUpToNpm(), () => stop('SIGTERM'));

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const merge = spawn(process.execPath, [playwrightCli, 'merge-reports', '--config', engineModule('playwright.merge.config'), blobs], { stdio: 'inherit' });
mergePid = merge.pid;
if (merge.pid) lock.add(merge.pid);
const [status] = (await once(merge, 'close')) as [number | null];
// The lock goes last, once the merge has ended.
lock.release();
if (stoppedBy) process.exit(exitCodeOf(stoppedBy));
if (status !== 0) process.exit(status ?? 1);
// Playwright's merge exits 0 whatever the checks did; the run's exit code is its verdicts', as
// `npm start`'s is (README, exit codes), so that the hourly workflow's merge job fails on a broken contract.
const verdicts = latestRun(new AlertFiles(reports, () => undefined).readHistory()).map((line) => line.verdict);
process.exit(verdicts.some(failsTheRun) ? 1 : 0);
