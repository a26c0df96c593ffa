import { test, expect } from '../contract/base-test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_COMMANDS } from '../../scripts/support/commands';
import { startSandbox } from '../../sandbox/server';
import { SANDBOX_DEMO_CLIENT as DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { freshProjectCopy } from '../support/project-copy';
import { PACKAGE_COMMANDS_OF_README, readmeCommands, typedFrom } from '../support/readme-commands';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { scratchDir } from '../support/scratch';
import { runCommand } from '../support/command';

/**
 * The package as a team installs it, as the README says: packed in a clone of this repository
 * (never this checkout's dist/, which another `npm test` beside this one may be writing), installed
 * into an empty repository with `npm i -D`, set up with `pluvo-monitor init` and run. Then packed
 * again as the next version and installed over it, as an upgrade is.
 */
test.describe.configure({ mode: 'serial' });

const work = mkdtempSync(join(scratchDir(), 'package-'));
const repository = join(work, 'repository');
/** The user's environment: no target of ours set, no reports folder chosen. */
const env = (() => {
  const clean = sandboxOnlyEnv();
  for (const name of ['PLUVO_TARGETS', 'PLUVO_REPORTS_DIR', 'PLUVO_CONTRACTS_DIR']) delete clean[name];
  return { ...clean, GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'user@example.test', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'user@example.test' };
})();

/** npm pack of the package at `version`, from a folder of its own; the tarball's path. */
/** The tarball the README's npm pack made, once its test has run. */
let packed = '';

/** The same package as the next version: the tarball unpacked, its version raised, packed again (it is built already). */
function nextVersion(version: string): string {
  const stage = join(work, `stage-${version}`);
  mkdirSync(stage, { recursive: true });
  execFileSync('tar', ['xzf', packed, '-C', stage]);
  const manifest = join(stage, 'package', 'package.json');
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), version }, null, 2));
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
    cwd: join(stage, 'package'),
    encoding: 'utf8',
  }).trim();
  return join(work, name);
}

function inRepository(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: repository, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}
const pluvoMonitor = (...args: string[]) => inRepository('npx', ['--no-install', 'pluvo-monitor', ...args]);
/** The bin npx runs, without npm in front: for the many short commands that are about the command line alone. */
const installedBin = () => join(repository, 'node_modules/.bin/pluvo-monitor');
const bin = (...args: string[]) => inRepository(installedBin(), args);
/** The installed bin without blocking this process: several at once, or beside a sandbox this process serves. */
const binAsync = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCommand(installedBin(), args, { cwd: repository, env: { ...env, ...extraEnv } });
const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, env, encoding: 'utf8' });
/** npm i from the cache this machine's `npm ci` filled: the same versions, nothing fetched that is there. */
const install = (tarball: string) => inRepository('npm', ['i', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund']);

test('the README\'s "Use it in your repository", as typed: npm pack here; npm i -D, init and a run against the embedded sandbox in an empty repository; init again changes nothing', async () => {
  const [packHere, installThere, init, run] = PACKAGE_COMMANDS_OF_README.map((command) => typedFrom(readmeCommands(), command));
  // "Here" is a clone of this repository, whose dist/ npm pack builds (a second npm test beside this one builds its own).
  const here = freshProjectCopy();
  const packing = spawnSync('bash', ['-c', packHere!], { cwd: here.dir, env, encoding: 'utf8' });
  expect(packing.status, `${packing.stdout}${packing.stderr}`).toBe(0);
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  packed = join(here.dir, `pluvo-contract-monitor-${version}.tgz`);
  expect(existsSync(packed), 'the tarball the README names is the one npm pack makes').toBe(true);

  mkdirSync(repository);
  git('init', '-q');
  expect(inRepository('npm', ['init', '-y']).status).toBe(0);
  const installed = inRepository('bash', [
    '-c',
    `${typedFrom(readmeCommands(), installThere!, [['../pluvo-contract-monitor/', `${here.dir}/`]])} --prefer-offline --no-audit --no-fund`,
  ]);
  expect(installed.status, installed.output).toBe(0);
  // Compiled JavaScript: no tsx where it is installed, and what it needs is its own dependencies.
  expect(existsSync(join(repository, 'node_modules/tsx'))).toBe(false);

  const initialised = inRepository('bash', ['-c', init!]);
  expect(initialised.status, initialised.output).toBe(0);
  expect(initialised.stdout).toContain('npx pluvo-monitor run');
  // What a user owns and what is generated; no engine source.
  for (const path of ['pluvo-monitor.json', 'contracts/manifest.json', 'schemas/pluvo.graphql', '.env.example', '.github/workflows/pluvo-monitor.yml'])
    expect(existsSync(join(repository, path)), path).toBe(true);
  for (const path of ['src', 'sandbox', 'scripts', 'tests']) expect(existsSync(join(repository, path)), path).toBe(false);
  git('add', '-A');
  git('commit', '-qm', 'pluvo-monitor init');

  const ran = inRepository('bash', ['-c', run!]);
  expect(ran.status, ran.output).toBe(0);
  expect(ran.stdout).toMatch(/verdict: passed; 0 failed, \d+ passed/);
  for (const report of ['html/index.html', 'results.json', 'junit.xml', 'status.html'])
    expect(existsSync(join(repository, 'reports', report)), report).toBe(true);
  expect(readFileSync(join(repository, 'reports/junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*failures="0"/);

  // Run again, init writes nothing of the user's and regenerates what it generated, unchanged; the reports are ignored.
  const again = pluvoMonitor('init');
  expect(again.status, again.output).toBe(0);
  expect(again.stdout).toContain('init: nothing to change.');
  expect(git('status', '--porcelain')).toBe('');
});

test('every command answers --help and touches nothing; a mistaken command or option is one line and exit 2', async () => {
  const named = PACKAGE_COMMANDS.map((command) => command.name);
  // All at once: each is a process of its own that reads and writes nothing.
  const helped = await Promise.all(named.map(async (name) => ({ name, ...(await binAsync([...name.split(' '), '--help'])) })));
  for (const { name, code, stdout } of helped) {
    expect(code, name).toBe(0);
    expect(stdout.split('\n')[0], name).toMatch(new RegExp(`^Usage: pluvo-monitor ${name} \\[options\\]`));
  }
  const top = bin('--help');
  expect(top.status).toBe(0);
  for (const name of named) expect(top.stdout).toContain(`  ${name} `);
  expect(bin('--version').stdout.trim()).toBe('0.1.0');

  for (const [args, line] of [
    [['rn'], 'pluvo-monitor: no command "rn" (did you mean pluvo-monitor run?). See pluvo-monitor --help.'],
    [['run', '--wrokers', '2'], 'pluvo-monitor run: unknown option --wrokers (did you mean --workers?). See pluvo-monitor run --help.'],
    [['monitor', '--evry', '5m'], 'monitor: unknown option --evry (did you mean --every?). See pluvo-monitor monitor --help.'],
    [['sandbox', '--user', '5'], 'sandbox: unknown option --user (did you mean --users?). See pluvo-monitor sandbox --help.'],
  ] as const) {
    const refused = bin(...args);
    expect(refused.status, args.join(' ')).toBe(2);
    expect(refused.stderr.trim(), args.join(' ')).toBe(line);
  }
  const bare = bin();
  expect(bare.status).toBe(2);
  expect(bare.stderr).toContain('Usage: pluvo-monitor <command>');
  expect(git('status', '--porcelain')).toBe('');
});

test('an upgrade: the next version installed over it, init changes only the files it generated', async () => {
  const installed = install(nextVersion('0.2.0'));
  expect(installed.status, installed.output).toBe(0);
  git('add', '-A');
  git('commit', '-qm', 'pluvo-contract-monitor 0.2.0');
  const init = pluvoMonitor('init');
  expect(init.status, init.output).toBe(0);
  const changed = git('status', '--porcelain')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();
  expect(changed).toEqual([
    '.github/actions/pluvo-target-credentials/action.yml',
    '.github/workflows/pluvo-contract-gate.yml',
    '.github/workflows/pluvo-monitor.yml',
    '.github/workflows/pluvo-schema-change.yml',
  ]);
  expect(readFileSync(join(repository, '.github/workflows/pluvo-monitor.yml'), 'utf8')).toContain('(pluvo-contract-monitor 0.2.0)');
  expect(readdirSync(join(repository, 'contracts')).length).toBeGreaterThan(1);
});

test("the user's own checks: a spec in tests/ with the pluvo fixture joins the run; a failing expect makes it exit 1, named in JUnit, the alert and the history", async () => {
  mkdirSync(join(repository, 'tests'), { recursive: true });
  writeFileSync(
    join(repository, 'tests/users.spec.ts'),
    `import { test, expect } from 'pluvo-contract-monitor/test';

test('the organisation has users', async ({ pluvo }) => {
  const data = await pluvo.query<{ paginatedUsers: { count: number } }>('query($n: Int) { paginatedUsers(first: $n) { count } }', { n: 1 });
  expect(data.paginatedUsers.count).toBeGreaterThan(0);
});

test('there are exactly minus one trainings', async ({ pluvo }) => {
  const data = await pluvo.query<{ paginatedTrainings: { count: number } }>('{ paginatedTrainings(first: 1) { count } }');
  expect(data.paginatedTrainings.count).toBe(-1);
});

test('a field Pluvo does not have', async ({ pluvo }) => {
  await pluvo.query('{ paginatedUsers(first: 1) { count shoeSize } }');
});
`,
  );
  // The repository is CommonJS (npm init's default), so that spec requires our test's CommonJS build;
  // an .mts spec beside it imports the ES module.
  writeFileSync(
    join(repository, 'tests/trainings.spec.mts'),
    "import { test, expect } from 'pluvo-contract-monitor/test';\n\ntest('trainings are counted', async ({ pluvo }) => {\n  const data = await pluvo.query<{ paginatedTrainings: { count: number } }>('{ paginatedTrainings(first: 1) { count } }');\n  expect(data.paginatedTrainings.count).toBeGreaterThan(0);\n});\n",
  );
  expect(JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')).type ?? 'commonjs').toBe('commonjs');
  // A manifest as a fork of this repository has it: its editor schema named by a path into this repository.
  const manifestPath = join(repository, 'contracts/manifest.json');
  writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace(/"\$schema": "[^"]+"/, '"$schema": "../json-schemas/manifest.schema.json"'));
  git('commit', '-qam', 'a manifest from the fork');
  // Beside it, a Playwright test of the application's own, which is not ours to run.
  writeFileSync(
    join(repository, 'tests/app.spec.ts'),
    "import { test } from '@playwright/test';\ntest('opens the app in a browser', async () => { throw new Error('not ours'); });\n",
  );

  // The run's every check: ours, and the user's own.
  const listed = bin('list');
  expect(listed.status, listed.output).toBe(0);
  expect(listed.stdout).toContain(
    'schema drift and deprecations › the live schema has no breaking change for our operations since the stored snapshot  @schema',
  );
  expect(listed.stdout).toContain('own › users.spec.ts › the organisation has users');
  expect(listed.stdout).toMatch(/\n\s*\d+ checks, listed; nothing was run\./);
  expect(listed.stdout).not.toContain('opens the app in a browser');

  const run = pluvoMonitor('run');
  expect(run.status, run.output).toBe(1);
  expect(run.stderr).toContain(
    'pluvo-contract-monitor: a migration is due (contracts/manifest.json: "$schema" names ../json-schemas/manifest.schema.json, which is not there; the published schema is ../node_modules/pluvo-contract-monitor/dist/json-schemas/manifest.schema.json); npx pluvo-monitor migrate makes it.',
  );
  expect(run.stdout).toMatch(/✓ own › the organisation has users/);
  expect(run.stdout).toMatch(/✓ own › trainings are counted/);
  expect(run.stdout).toMatch(/verdict: failed; 2 failed, \d+ passed/);

  const junit = readFileSync(join(repository, 'reports/junit.xml'), 'utf8');
  expect(junit).toContain('<testcase name="the organisation has users" classname="sandbox.own"');
  expect(junit).toMatch(
    /<testcase name="there are exactly minus one trainings" classname="sandbox\.own"[^>]*><failure message="tests\/users\.spec\.ts:8: expect\(received\)\.toBe\(expected\) \/\/ Object\.is equality; Expected: -1; Received: \d+" type="contract">/,
  );
  expect(junit).toMatch(
    /<testcase name="a field Pluvo does not have" classname="sandbox\.own"[^>]*><failure message="[^"]*Cannot query field &quot;shoeSize&quot;[^"]*" type="contract">/,
  );

  const alert = readFileSync(join(repository, 'reports/slack-message.json'), 'utf8');
  expect(alert).toContain('Pluvo contract broken');
  expect(alert).toContain('*there are exactly minus one trainings*');
  const history = JSON.parse(readFileSync(join(repository, 'reports/history.jsonl'), 'utf8').trim().split('\n').at(-1)!);
  expect(history.verdict).toBe('failed');
  expect(history.checks['own:tests/users.spec.ts:there are exactly minus one trainings'][0]).toBe('failed');
  expect(history.checks['own:tests/users.spec.ts:the organisation has users'][0]).toBe('passed');

  // The migration the run named: --check says it and changes nothing; migrate makes it, one line of the manifest.
  expect(bin('migrate', '--check').status).toBe(1);
  expect(git('status', '--porcelain', 'contracts')).toBe('');
  const migrated = bin('migrate');
  expect(migrated.status, migrated.output).toBe(0);
  expect(git('diff', '--numstat', 'contracts')).toBe('1\t1\tcontracts/manifest.json\n');
  expect(bin('migrate', '--check').stdout).toContain('migrate: nothing is due');
});

test("the application's operations: one in a folder beside the repository that a schema change breaks is named with its file and line by the run that sees it", async () => {
  const sandbox = await startSandbox({ port: 0 });
  try {
    // The application, beside the repository, and its operations named in the settings.
    const app = join(work, 'sync-service/src');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'users.graphql'), 'query LegacyUsers {\n  paginatedUsers(first: 5) {\n    edges { node { id legacyCode } }\n  }\n}\n');
    const settingsPath = join(repository, 'pluvo-monitor.json');
    writeFileSync(
      settingsPath,
      JSON.stringify({ ...JSON.parse(readFileSync(settingsPath, 'utf8')), operations: ['../sync-service/src/**/*.graphql'] }, null, 2),
    );
    // The snapshot as committed still has the field; the live organisation has dropped it.
    const snapshotPath = join(repository, 'schemas/pluvo.graphql');
    writeFileSync(snapshotPath, readFileSync(snapshotPath, 'utf8').replace(/^type User \{\n/m, 'type User {\n  legacyCode: String\n'));
    const live = {
      PLUVO_TARGETS: 'none',
      PLUVO_BASE_URL: sandbox.url,
      PLUVO_CLIENT_ID: DEMO_CLIENT.clientId,
      PLUVO_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
      PLUVO_REPORTS_DIR: join(work, 'reports-live'),
    };
    // Not spawnSync: the sandbox answers from this process, which must not be blocked while the run asks it.
    const run = await binAsync(['run', '--grep', '@schema|@shape'], { ...live, CI: '' });
    expect(run.code, run.output).toBe(1);
    const junit = readFileSync(join(work, 'reports-live/junit.xml'), 'utf8');
    expect(junit).toContain(
      'failure message="Field \'legacyCode\' was removed from object type \'User\' [breaking, used by LegacyUsers (../sync-service/src/users.graphql:1)]" type="contract"',
    );
    expect(junit).toContain(
      '../sync-service/src/users.graphql:3:23 Cannot query field &quot;legacyCode&quot; on type &quot;User&quot;. The application sends LegacyUsers (../sync-service/src/users.graphql:1); the live schema no longer accepts it.',
    );
  } finally {
    await sandbox.close();
  }
});
