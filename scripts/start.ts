/**
 * `npm start`: one full monitoring run. Configuration is checked here first, so bad input gets
 * its one line and exit code 2 before Playwright starts; then the contract suite runs (with the
 * embedded sandbox when no live target is set) and its exit code is ours.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { exitOnConfigError } from '../src/config/config-error';
import { loadConfigFromProcess } from '../src/config/load-config';
import { loadContracts } from '../src/contracts/manifest';
import { embeddedSandboxFaults } from '../src/embedded/embedded-sandbox';
import { loadSnapshot } from '../src/schema/snapshot';

const config = exitOnConfigError(loadConfigFromProcess);
// The suite reads these when it loads; a broken one should be one line here, not a stack trace there.
exitOnConfigError(() => loadContracts());
exitOnConfigError(() => loadSnapshot());
if (config.target.kind === 'sandbox') exitOnConfigError(() => embeddedSandboxFaults(process.env.SANDBOX_FAULTS));
const target = config.target.kind === 'sandbox' ? 'the embedded sandbox' : config.target.root;
process.stdout.write(`pluvo-contract-monitor: checking ${target}\n`);

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const run = spawnSync(process.execPath, [playwrightCli, 'test', '--config', 'playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
