import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURE_CONTRACTS } from './targets-file';
import { htmlReportEntries, zipEntries } from './zip-entries';
import { scratchDir } from './scratch';
import { runCommand } from './command';

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');

/** Variables a developer's own .env or shell could set; blanked so the run targets the sandbox. */
const TARGET_VARIABLES = [
  'PLUVO_ORG',
  'PLUVO_BASE_URL',
  'PLUVO_CLIENT_ID',
  'PLUVO_CLIENT_SECRET',
  'PLUVO_SCOPES',
  'PLUVO_SANDBOX_URL',
  'SLACK_WEBHOOK_URL',
  'SANDBOX_FAULTS',
];

/** The process environment with every target variable blanked (dotenv does not override a set one). */
export function sandboxOnlyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...Object.fromEntries(TARGET_VARIABLES.map((name) => [name, ''])), PLUVO_TARGETS: 'none' };
}

/**
 * A test's run's environment: the sandbox, our fixture's contracts, no retries (a failing check
 * would otherwise run twice), confirmation waits short (the real 2 s and 10 s are for Pluvo: a
 * test about waiting sets its own), then what the test sets, and its reports folder.
 */
export function monitorEnv(env: Record<string, string>, reportsDir: string): NodeJS.ProcessEnv {
  return { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS, PLUVO_RETRIES: '0', PLUVO_CONFIRM_DELAYS_MS: '200,500', ...env, PLUVO_REPORTS_DIR: reportsDir };
}

/** How GNU time's report of the peak is told apart from the run's own output. */
const PEAK_MEMORY_MARK = 'peak-resident-set-kib=';

export interface MonitorRun {
  status: number | null;
  output: string;
  /** The largest resident set of the runner and its workers, in bytes, when it was measured. */
  peakMemoryBytes?: number;
  reportsDir: string;
  /** Titles of the tests that failed, from results.json. */
  failedTitles: string[];
  passed: number;
  /** Playwright's index of each worker that ran a test, from results.json: a restarted worker gets a new one. */
  workerIndexes: number[];
}

/**
 * Run the monitored contract suite (playwright.config.ts) as `npm start` does, into a temp reports
 * folder (or the one given, to keep alert state between runs), optionally with Playwright
 * arguments (`--grep @transport`) for tests about wiring, not about every check. Asynchronous, so
 * the calling test can serve a webhook meanwhile.
 */
export async function runMonitor(
  env: Record<string, string>,
  reportsDir: string = mkdtempSync(join(scratchDir(), 'pluvo-monitor-')),
  playwrightArgs: string[] = [],
  options: { measureMemory?: boolean; stopsBeforeChecks?: boolean } = {},
): Promise<MonitorRun> {
  // One worker unless a test asks for more: these runs test verdicts, alerts and history, not how
  // a run spreads over workers, and each worker is about half a second of CPU to start (the
  // README's commands and the signals run as typed, with the configured two).
  const workers = playwrightArgs.some((arg) => arg === '--workers' || arg.startsWith('--workers=') || arg === '-j') ? [] : ['--workers', '1'];
  const command = [process.execPath, playwrightCli, 'test', '--config', 'playwright.config.ts', ...workers, ...playwrightArgs];
  // GNU time reports the largest resident set among the process and every descendant it reaped:
  // the runner and each of its workers, restarted ones included.
  if (options.measureMemory) command.unshift('/usr/bin/time', '-f', `${PEAK_MEMORY_MARK}%M`);
  const { code: status, output } = await runCommand(command[0]!, command.slice(1), { env: monitorEnv(env, reportsDir) });
  // Our own mistake is one line and exit 2 before any check: no results, by design.
  if (options.stopsBeforeChecks) return { status, output, reportsDir, failedTitles: [], passed: 0, workerIndexes: [] };
  if (!existsSync(join(reportsDir, 'results.json'))) throw new Error(`the monitored suite wrote no results (exit ${status}):\n${output.slice(-3000)}`);
  const results = JSON.parse(readFileSync(join(reportsDir, 'results.json'), 'utf8')) as { suites?: Suite[] };
  const failedTitles: string[] = [];
  let passed = 0;
  const workerIndexes = new Set<number>();
  const walk = (suite: Suite) => {
    suite.suites?.forEach(walk);
    for (const spec of suite.specs ?? []) {
      for (const result of spec.tests.flatMap((t) => t.results ?? [])) if (result.workerIndex >= 0) workerIndexes.add(result.workerIndex);
      if (spec.ok) passed += spec.tests.every((t) => t.status === 'skipped') ? 0 : 1;
      else failedTitles.push(spec.title);
    }
  };
  (results.suites ?? []).forEach(walk);
  const peakKb = new RegExp(`${PEAK_MEMORY_MARK}(\\d+)`).exec(output)?.[1];
  return {
    status,
    output,
    reportsDir,
    failedTitles: failedTitles.sort(),
    passed,
    workerIndexes: [...workerIndexes].sort((a, b) => a - b),
    ...(peakKb ? { peakMemoryBytes: Number(peakKb) * 1024 } : {}),
  };
}

interface Suite {
  suites?: Suite[];
  specs?: Array<{ title: string; ok: boolean; tests: Array<{ status: string; results?: Array<{ workerIndex: number }> }> }>;
}

/** The runs kept in a reports folder's history.jsonl, oldest first. */
export function historyOf(reportsDir: string): Array<{
  verdict: string;
  monitorError?: string;
  alerts?: Array<{ kind: string; incident?: string }>;
  checks: Record<string, [string, number | null, number | null]>;
}> {
  const path = join(reportsDir, 'history.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/**
 * Every file under a folder as text, for secret scans. Attachments inside results.json are
 * base64, the HTML report's data is a zip, and so are a shard's blob reports: each is decoded and
 * scanned too, so that a leak cannot hide behind an encoding.
 */
export function readTree(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return readTree(path);
    const bytes = readFileSync(path);
    if (name.endsWith('.zip')) return zipEntries(bytes).flatMap((entry) => decoded(`${path}#${entry.name}`, entry.text));
    return decoded(path, bytes.toString('latin1'));
  });
}

/** A file's text, then what it holds encoded: the HTML report's zip, base64 attachment bodies. */
function decoded(path: string, text: string): Array<{ path: string; text: string }> {
  if (path.endsWith('index.html')) return [{ path, text }, ...htmlReportEntries(text).map((entry) => ({ path: `${path}#${entry.name}`, text: entry.text }))];
  if (!/\.jsonl?$/.test(path)) return [{ path, text }];
  const bodies = [...text.matchAll(/"body":\s*"([A-Za-z0-9+/=]+)"/g)].map((m, i) => ({
    path: `${path}#attachment-${i + 1}`,
    text: Buffer.from(m[1] ?? '', 'base64').toString('utf8'),
  }));
  return [{ path, text }, ...bodies];
}

/** What in this text looks like a leaked secret: known secrets, unmasked tokens. */
export function findSecrets(text: string, knownSecrets: readonly string[]): string[] {
  const found = knownSecrets.filter((secret) => text.includes(secret));
  const token = /"access_token\\*"\s*:\s*\\*"(?!\[REDACTED\])[^"\\]+/.exec(text);
  if (token) found.push(token[0]);
  const bearer = /Bearer (?!\[REDACTED\])[A-Za-z0-9_-]{16,}/.exec(text);
  if (bearer) found.push(bearer[0]);
  return found;
}
