import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { exitOnConfigError } from './src/config/config-error';
import { loadConfigFromProcess, SANDBOX_URL_VARIABLE } from './src/config/load-config';

/**
 * The monitored contract suite: what `npm start`, the CI gate and the hourly monitor run.
 * With no live target (neither PLUVO_ORG nor PLUVO_BASE_URL) the sandbox is started on a free
 * port and becomes the target.
 */
const config = exitOnConfigError(loadConfigFromProcess);
const reports = process.env.PLUVO_REPORTS_DIR ?? 'reports';

let webServer;
if (config.target.kind === 'sandbox') {
  // Playwright loads this file again in every worker; the port chosen here travels to them
  // through the environment, so they all talk to the one sandbox.
  const url = process.env[SANDBOX_URL_VARIABLE]?.trim() || `http://127.0.0.1:${freePort()}`;
  process.env[SANDBOX_URL_VARIABLE] = url;
  webServer = {
    command: `"${process.execPath}" node_modules/tsx/dist/cli.mjs sandbox/cli.ts --port ${new URL(url).port}`,
    url: `${url}/healthz`,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    timeout: 30_000,
  };
}

export default defineConfig({
  testDir: 'tests/contract',
  outputDir: `${reports}/test-results`,
  timeout: 120_000,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['html', { outputFolder: `${reports}/html`, open: 'never', noSnippets: true }],
    ['json', { outputFile: `${reports}/results.json` }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['./src/report/slack-reporter.ts'],
  ],
  // Traces record request headers verbatim (bearer tokens included) and cannot be redacted.
  use: { trace: 'off' },
  projects: [{ name: 'contract' }],
  webServer,
});

/** A free loopback port, found synchronously because Playwright configs cannot await. */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
