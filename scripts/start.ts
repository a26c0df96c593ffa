/**
 * `npm start`: one full monitoring run. Configuration is checked here first, so bad input gets
 * its one line and exit code 2 before Playwright starts; then the contract suite runs (with the
 * embedded sandbox when no live target is set) and its exit code is ours.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { exitOnConfigError } from '../src/config/config-error';
import { checkOwnFiles } from '../src/config/own-files';
import { loadConfigFromProcess, PAGING_SEED_VARIABLE } from '../src/config/load-config';
import { embeddedSandboxOptions } from '../src/embedded/embedded-sandbox';
import { targetIdentity } from '../src/report/target-identity';
import { runTargets } from '../src/targets/targets-file';

// `--full` is ours, not Playwright's: complete walks of every connection, for a nightly run.
const args = process.argv.slice(2);
if (args.includes('--full')) process.env.PLUVO_WALK = 'full';
const config = exitOnConfigError(loadConfigFromProcess);
// A targets file is checked whole (names, keys, credentials' variables) before anything runs.
const targets = exitOnConfigError(() => runTargets(process.env));
// One seed for the whole run, so every worker samples the same windows and the log can repeat them.
process.env[PAGING_SEED_VARIABLE] ||= String(config.pagingSeed);
// Our own files are configuration: a broken one is one line here, not 47 failed checks there.
exitOnConfigError(() => checkOwnFiles());
const usesSandbox = targets.length === 1 && targets[0]!.config.target.kind === 'sandbox';
if (usesSandbox) exitOnConfigError(() => embeddedSandboxOptions(process.env));
const target = targets.map(({ name, config: target }) => targetIdentity(target, name).label).join(', ');
const paging = config.walk === 'full' ? 'full walks' : `sampled paging, ${config.pagingPages} requests a connection, PLUVO_PAGING_SEED=${config.pagingSeed}`;
process.stdout.write(`pluvo-contract-monitor: checking ${target} (${paging})\n`);

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const run = spawnSync(process.execPath, [playwrightCli, 'test', '--config', 'playwright.config.ts', ...args.filter((arg) => arg !== '--full')], { stdio: 'inherit' });
process.exit(run.status ?? 1);
