import { test, expect } from '../contract/base-test';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, helpText, parseCommandLine, refusal } from '../../scripts/support/command-line';
import { catalogue } from '../../src/checks/catalogue';
import { loadContracts } from '../../src/contracts/manifest';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { scratchDir } from '../support/scratch';
import { FIXTURE_CONTRACTS, writeTargetsFile } from '../support/targets-file';
import { SANDBOX_DEMO_CLIENT as DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { startSandbox } from '../../sandbox/server';
import { ourScript } from '../support/our-script';

/**
 * Every command of ours, operated as a new user would first try it: `--help` prints its usage and
 * does nothing else (no request, no file of the user's touched); a typo'd option or a stray word
 * is one line naming the fix, exit 2, before any work. (`npm start` and the sandbox: their own
 * specs; the monitor's mistakes: monitor-schedule.spec.)
 */
const COMMANDS: Array<{ script: string; typed: string }> = [
  { script: 'scripts/monitor.ts', typed: 'npm run monitor' },
  { script: 'scripts/onboard.ts', typed: 'npm run onboard' },
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
  env: NodeJS.ProcessEnv = { ...process.env, PLUVO_REPORTS_DIR: 'reports/commands' },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(...ourScript(script, args), { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

/** A targets file of one organisation, acme, at a sandbox, with its knowledge copied into the folder: as a user's repository holds it. */
function acmeAt(dir: string, url: string): NodeJS.ProcessEnv {
  return {
    ...sandboxOnlyEnv(),
    ...FIXTURE_CONTRACTS,
    PLUVO_TARGETS: writeTargetsFile(dir, { acme: url }),
    SANDBOX_ID: DEMO_CLIENT.clientId,
    SANDBOX_SECRET: DEMO_CLIENT.clientSecret,
  };
}

test.describe('every command answers --help and refuses a mistake in one line', () => {
  test('each command, as typed with --help: its usage, exit 0, and nothing else (no file under schemas/ or contracts/ touched)', async () => {
    const before = userFiles();
    const helps = await Promise.all(COMMANDS.map(({ script }) => run(script, ['--help'])));
    for (const [index, help] of helps.entries()) {
      const { typed } = COMMANDS[index]!;
      expect(help.status, `${typed}: ${help.stderr}`).toBe(0);
      expect(help.stdout.startsWith(`Usage: ${typed} [-- options]`), `${typed}: ${help.stdout}`).toBe(true);
      expect(help.stdout).toMatch(/\n {2}--help +this text; does nothing else\n/);
      expect(help.stderr).toBe('');
    }
    expect(userFiles()).toEqual(before);
  });

  test("a typo'd option, as typed: one line on stderr naming the option meant, exit 2, before any work", async () => {
    const before = userFiles();
    const mistaken = await run('scripts/onboard.ts', ['--targt', 'acme']);
    expect(mistaken.status).toBe(2);
    expect(mistaken.stdout).toBe('');
    expect(mistaken.stderr).toBe('onboard: unknown option --targt (did you mean --target?). See npm run onboard -- --help.\n');
    // A name where there is no targets file to hold one: said as npm start says it, not as an empty list.
    const unnamed = await run('scripts/onboard.ts', ['--target', 'acme'], { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS });
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toBe(
      'onboard: --target acme: there is no targets file (targets.json, or PLUVO_TARGETS), so there is one target, and it has no name.\n',
    );
    expect(userFiles()).toEqual(before);
  });

  test('the command line read: help first, whatever else is there; the option meant; a word where none is taken', () => {
    const spec: CommandSpec = {
      name: 'alert',
      typed: 'npm run alert',
      does: 'Merge the shards.',
      options: { target: { type: 'string', value: 'NAME', says: 'one organisation' } },
      positionals: { shown: '[folder]', max: 1 },
    };
    expect(parseCommandLine(spec, ['--hel'])).toEqual({ problem: 'unknown option --hel (did you mean --help?)' });
    expect(parseCommandLine(spec, ['--nonsense'])).toEqual({ problem: 'unknown option --nonsense' });
    // A value left out: the option and the value its help names, not Node's "Option '--target <value>' argument missing".
    expect(parseCommandLine(spec, ['--target'])).toEqual({ problem: '--target takes a value: --target NAME' });
    expect(parseCommandLine(spec, ['reports', '--help', '--nonsense'])).toEqual({ help: true });
    expect(parseCommandLine(spec, ['-h'])).toEqual({ help: true });
    // After `--`, words are for something else (the monitor's runs): not a request for help.
    expect(parseCommandLine(spec, ['--', '--help'])).toEqual({ values: {}, positionals: ['--help'] });
    expect(parseCommandLine(spec, ['reports', 'more'])).toEqual({ problem: 'unexpected argument "more"' });
    expect(parseCommandLine({ ...spec, positionals: undefined }, ['acme'])).toEqual({ problem: 'unexpected argument "acme"' });
    expect(parseCommandLine(spec, ['--target', 'acme', 'reports'])).toEqual({ values: { target: 'acme' }, positionals: ['reports'] });
    expect(refusal(spec, 'unexpected argument "more"')).toBe('alert: unexpected argument "more". See npm run alert -- --help.');
    expect(helpText(spec)).toBe(
      [
        'Usage: npm run alert [-- options] [folder]',
        '',
        'Merge the shards.',
        '',
        '  --target NAME  one organisation',
        '  --help         this text; does nothing else',
        '',
      ].join('\n'),
    );
  });

  test('npm start -- --list names every check a run would select, with its tags, runs nothing and writes no report', async () => {
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-list-'));
    const checks = catalogue(loadContracts(SANDBOX_ORG.contractsDir));
    const listed = await run('scripts/start.ts', ['--list'], { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS, PLUVO_REPORTS_DIR: reportsDir });
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
    // Nothing run, so nothing written: the last run's reports stay as they were.
    expect(readdirSync(reportsDir)).toEqual([]);
  });

  test('npm run baseline against an organisation that no longer answers: its pins are kept whole, and it says so', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-baseline-'));
    const sandbox = await startSandbox({ port: 0 });
    const env = { ...acmeAt(dir, sandbox.url), PLUVO_REPORTS_DIR: join(dir, 'reports') };
    const baselinePath = join(dir, 'knowledge', 'acme', 'baseline.json');
    try {
      const pinned = await run('scripts/baseline.ts', [], env);
      expect(pinned.status, pinned.stderr).toBe(0);
      expect(pinned.stdout).toContain(`baseline: ${baselinePath} updated for acme (${sandbox.url}).`);
    } finally {
      await sandbox.close();
    }
    const before = readFileSync(baselinePath, 'utf8');
    expect(before).toContain(sandbox.url);
    // Gone: every behaviour fails to be observed, and none of what was pinned is forgotten.
    const gone = await run('scripts/baseline.ts', [], env);
    expect(gone.status).toBe(1);
    expect(gone.stdout).toMatch(
      new RegExp(
        `baseline: ${baselinePath.replace(/[.]/g, '\\.')} left as it was for acme \\(${sandbox.url.replace(/[.]/g, '\\.')}\\): \\d+ behaviours? could not be observed`,
      ),
    );
    expect(readFileSync(baselinePath, 'utf8')).toBe(before);
  });

  test('npm run schema:pull of a schema that has not changed since it was pulled on another day: unchanged, the file as it was', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-pull-'));
    const sandbox = await startSandbox({ port: 0 });
    try {
      const env = acmeAt(dir, sandbox.url);
      const snapshotPath = join(dir, 'knowledge', 'acme', 'pluvo.graphql');
      const before = readFileSync(snapshotPath, 'utf8');
      expect(before).toMatch(/^# Pluvo GraphQL schema snapshot: introspected from the sandbox on \d{4}-\d{2}-\d{2}\./);
      const pulled = await run('scripts/schema-pull.ts', [], env);
      expect(pulled.status, pulled.stderr).toBe(0);
      expect(pulled.stdout).toBe(`schema:pull: unchanged: ${snapshotPath} from ${sandbox.url}.\n`);
      expect(readFileSync(snapshotPath, 'utf8')).toBe(before);
    } finally {
      await sandbox.close();
    }
  });

  test('npm run schema:pull -- --target acme: that organisation alone, with only its credentials set; a name not in the file is one line, exit 2', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-pull-one-'));
    const sandbox = await startSandbox({ port: 0 });
    try {
      const path = writeTargetsFile(dir, { acme: sandbox.url, globex: 'http://127.0.0.1:9' });
      // globex's secret is another variable, not set here: a job that holds acme's secrets alone.
      const file = JSON.parse(readFileSync(path, 'utf8')) as { targets: Array<{ name: string; clientSecretEnv: string }> };
      file.targets[1]!.clientSecretEnv = 'GLOBEX_SECRET';
      writeFileSync(path, JSON.stringify(file));
      const env = {
        ...sandboxOnlyEnv(),
        ...FIXTURE_CONTRACTS,
        PLUVO_TARGETS: path,
        SANDBOX_ID: DEMO_CLIENT.clientId,
        SANDBOX_SECRET: DEMO_CLIENT.clientSecret,
      };
      const [one, all, unknown] = await Promise.all([
        run('scripts/schema-pull.ts', ['--target', 'acme'], env),
        run('scripts/schema-pull.ts', [], env),
        run('scripts/schema-pull.ts', ['--target', 'initech'], env),
      ]);
      expect(one.status, one.stderr).toBe(0);
      expect(one.stdout).toBe(`schema:pull: unchanged: ${join(dir, 'knowledge', 'acme', 'pluvo.graphql')} from ${sandbox.url}.\n`);
      expect(all.status).toBe(2);
      expect(all.stderr).toMatch(/GLOBEX_SECRET: is not set, but target "globex" takes its credentials from it/);
      expect(unknown.status).toBe(2);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toBe(
        'schema:pull: --target initech: the targets file names no such organisation; it names acme, globex. See npm run schema:pull -- --help.\n',
      );
    } finally {
      await sandbox.close();
    }
  });

  test('npm run baseline and onboard with a broken operation of ours: one line naming its file, line and column, exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-broken-operation-'));
    const contracts = join(dir, 'contracts');
    cpSync(SANDBOX_ORG.contractsDir, contracts, { recursive: true });
    writeFileSync(join(contracts, 'UsersPage.graphql'), 'query UsersPage($first: Int { paginatedUsers(first: $first) { count } }\n');
    const targets = writeTargetsFile(dir, { acme: 'http://127.0.0.1:9' });
    const baselinePath = join(dir, 'knowledge', 'acme', 'baseline.json');
    const before = readFileSync(baselinePath, 'utf8');
    const env = { ...sandboxOnlyEnv(), PLUVO_CONTRACTS_DIR: contracts, PLUVO_TARGETS: targets, SANDBOX_ID: 'x', SANDBOX_SECRET: 'y' };
    const snapshotPath = join(dir, 'knowledge', 'acme', 'pluvo.graphql');
    const snapshot = readFileSync(snapshotPath, 'utf8');
    for (const script of ['scripts/baseline.ts', 'scripts/onboard.ts']) {
      const refused = await run(script, [], env);
      expect(refused.status, script).toBe(2);
      expect(refused.stdout, script).toBe('');
      expect(refused.stderr, script).toBe(
        `pluvo-contract-monitor: ${join(contracts, 'UsersPage.graphql')}:1:29: is not a valid GraphQL document: Expected "$", found "{". Fix the syntax there\n`,
      );
    }
    expect(readFileSync(baselinePath, 'utf8')).toBe(before);
    expect(readFileSync(snapshotPath, 'utf8')).toBe(snapshot);
  });

  test('npm run alert into a reports folder that cannot be written: one line naming it, exit 2, before anything is merged', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-alert-'));
    mkdirSync(join(dir, 'shards'));
    writeFileSync(join(dir, 'shards', 'report-1-of-2.zip'), '');
    // A file where the folder should be: what a read-only or full disk says too, in its own code.
    writeFileSync(join(dir, 'reports'), '');
    const refused = await run('scripts/alert.ts', [join(dir, 'shards')], { ...sandboxOnlyEnv(), PLUVO_REPORTS_DIR: join(dir, 'reports') });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `alert: ${join(dir, 'reports')}/ cannot be written (EEXIST): the merge could keep no report there. Make it writable, or set PLUVO_REPORTS_DIR to a folder that is.\n`,
    );
  });
});
