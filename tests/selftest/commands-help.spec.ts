import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../../src/checks/catalogue';
import { loadContracts } from '../../src/contracts/manifest';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { FIXTURE_CONTRACTS } from '../support/targets-file';
import { scratchDir } from '../support/scratch';
import { SANDBOX_ORG } from '../../src/knowledge/layout';

/**
 * Every command of ours, operated as a new user would first try it: `--help` prints its usage and
 * does nothing else (no request, no file of the user's touched); a typo'd option or a stray word
 * is one line naming the fix, exit 2, before any work. (`npm start` and the sandbox: their own specs.)
 */
const COMMANDS: Array<{ script: string; typed: string; option?: [string, string] }> = [
  { script: 'scripts/monitor.ts', typed: 'npm run monitor', option: ['--evry', '--every'] },
  { script: 'scripts/onboard.ts', typed: 'npm run onboard', option: ['--targt', '--target'] },
  { script: 'scripts/alert.ts', typed: 'npm run alert' },
  { script: 'scripts/baseline.ts', typed: 'npm run baseline' },
  { script: 'scripts/schema-pull.ts', typed: 'npm run schema:pull' },
  { script: 'scripts/schemas-generate.ts', typed: 'npm run schemas:generate' },
  { script: 'scripts/bench.ts', typed: 'npm run bench' },
];

/** Every file beneath the user's folders, with when it was last written: what a command must not touch. */
function userFiles(): Map<string, number> {
  const files = new Map<string, number>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['schemas', 'contracts']) walk(dir);
  return files;
}

function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = { ...process.env, PLUVO_REPORTS_DIR: 'reports/commands-help' },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

test.describe('every command answers --help and refuses a mistake in one line', () => {
  for (const { script, typed, option } of COMMANDS) {
    test(`${typed}: --help is its usage and nothing else; a typo'd option or a stray word is one line, exit 2`, async () => {
      const before = userFiles();
      const help = await run(script, ['--help']);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: ${typed.replace(/[:]/g, '\\$&')} \\[-- options\\]`));
      expect(help.stdout).toContain('--help');
      expect(help.stderr).toBe('');
      expect(userFiles()).toEqual(before);

      const [typo, meant] = option ?? ['--hel', '--help'];
      const mistaken = await run(script, [typo]);
      expect(mistaken.status).toBe(2);
      expect(mistaken.stdout).toBe('');
      expect(mistaken.stderr.trim().split('\n')).toHaveLength(1);
      expect(mistaken.stderr).toContain(`unknown option ${typo} (did you mean ${meant}?)`);
      expect(mistaken.stderr).toContain(`npm run ${typed.replace('npm run ', '')} -- --help`);
      expect(userFiles()).toEqual(before);
    });
  }

  test('a word where none is taken, or one too many, is refused before any work', async () => {
    const before = userFiles();
    for (const [script, args, line] of [
      ['scripts/baseline.ts', ['acme'], 'baseline: unexpected argument "acme". See npm run baseline -- --help.'],
      ['scripts/alert.ts', ['reports', 'more'], 'alert: unexpected argument "more". See npm run alert -- --help.'],
    ] as const) {
      const refused = await run(script, [...args]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(`${line}\n`);
    }
    expect(userFiles()).toEqual(before);
  });

  test('npm start -- --list names every check a run would select, with its tags, runs nothing and writes no report', async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-list-'));
    const env = { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS, PLUVO_REPORTS_DIR: reportsDir };
    const checks = catalogue(loadContracts(SANDBOX_ORG.contractsDir));
    const listed = await run('scripts/start.ts', ['--list'], env);
    expect(listed.status, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(
      lines
        .slice(0, -1)
        .map((line) => line.replace(/ {2}@\w+$/, '').replace(/^ {2}[^›]+ › /, ''))
        .sort(),
    ).toEqual(checks.map((check) => check.title).sort());
    for (const check of checks) expect(listed.stdout).toContain(`${check.title}  @${check.area}`);
    expect(lines.at(-1)).toBe(`${checks.length} checks, listed; nothing was run. Run some with npm start -- --grep <a tag or part of a title>.`);
    // Narrowed as a run would be.
    const auth = await run('scripts/start.ts', ['--list', '--grep', '@auth'], env);
    expect(auth.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^${checks.filter((check) => check.area === 'auth').length} checks, listed`));
    // Nothing run, so nothing written: the last run's reports stay as they were.
    expect(readdirSync(reportsDir)).toEqual([]);
  });
});
