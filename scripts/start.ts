/**
 * `npm start`: one full monitoring run. Configuration is checked here first, so bad input gets
 * its one line and exit code 2 before Playwright starts; then the contract suite runs (with the
 * embedded sandbox when no live target is set) and its exit code is ours.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { createRequire } from 'node:module';
import { exitOnConfigError } from '../src/config/config-error';
import { PAGING_SEED_VARIABLE } from '../src/config/load-config';
import { embeddedSandboxOptions } from '../src/embedded/embedded-sandbox';
import { checkOwnFiles } from '../src/knowledge/own-files';
import { runConfiguration } from '../src/targets/run-configuration';

/** How long a stopped run may take to write its reports before it is ended outright. */
const STOP_GRACE_MS = 20_000;

// `--full` is ours, not Playwright's: complete walks of every connection, for a nightly run.
const args = process.argv.slice(2);
if (args.includes('--full')) process.env.PLUVO_WALK = 'full';
// The configuration, and a targets file whole (names, keys, credentials' variables), before anything runs.
const { targets } = exitOnConfigError(runConfiguration);
const config = targets[0]!.config;
// One seed for the whole run, so every worker samples the same windows and the log can repeat them.
process.env[PAGING_SEED_VARIABLE] ||= String(config.pagingSeed);
// Our own files are configuration: a broken one is one line here, not 47 failed checks there.
for (const target of targets) exitOnConfigError(() => checkOwnFiles(target.knowledge));
const usesSandbox = targets.length === 1 && targets[0]!.config.target.kind === 'sandbox';
if (usesSandbox) exitOnConfigError(() => embeddedSandboxOptions(process.env));
const target = targets.map(({ identity }) => identity.label).join(', ');
const paging = config.walk === 'full' ? 'full walks' : `sampled paging, ${config.pagingPages} requests a connection, PLUVO_PAGING_SEED=${config.pagingSeed}`;
process.stdout.write(`pluvo-contract-monitor: checking ${target} (${paging})\n`);

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const run = spawn(process.execPath, [playwrightCli, 'test', '--config', 'playwright.config.ts', ...args.filter((arg) => arg !== '--full')], {
  stdio: 'inherit',
});
stopWithUs(run);
run.on('close', (code, signal) => process.exit(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)));

/**
 * SIGINT or SIGTERM to us (Ctrl-C, a cancelled CI job, the monitor stopping) stops the run too,
 * and we wait for it: nothing it started (workers, the embedded sandbox in its runner) outlives
 * this command. Playwright stops gracefully on SIGINT (its reporters still write the interrupted
 * run), so that is what it is sent; a run still going after the grace period is ended outright.
 */
function stopWithUs(child: ChildProcess): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`pluvo-contract-monitor: ${signal}: stopping the run\n`);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGTERM'), STOP_GRACE_MS).unref();
    });
  }
}
