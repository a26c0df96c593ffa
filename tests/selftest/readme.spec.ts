import { test, expect } from '../contract/base-test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { startSandbox } from '../../sandbox/server';
import { freshProjectCopy } from '../support/project-copy';
import { PACKAGE_COMMANDS_OF_README, readmeCommands, typedFrom } from '../support/readme-commands';
import { findSecrets, historyOf, readTree, sandboxOnlyEnv } from '../support/run-monitor';
import { recordingWebhook } from '../support/recording-webhook';
import { FIXTURE_CONTRACTS } from '../support/targets-file';
import { descendantsOf, stillRunning } from '../../src/process/process-tree';
import { scratchDir } from '../support/scratch';
import { commandLineOf, runCommand, startCommand } from '../support/command';

/**
 * Every command of the README's shell blocks, run as it is typed there, in a fresh copy of the
 * project, each watched doing what the README says; the long-running ones (the monitor, the
 * sandbox) are started, watched, and stopped with a signal. The commands are read from README.md
 * itself: a command added there without a test here, or a test here whose command left the
 * README, fails the first test.
 *
 * What a user's machine has and ours cannot (an organisation on pluvo.com, the `...` of a
 * credential, the port 4010 that a second `npm test` beside this one would also want) is put in
 * by `typed()`, which fails when the text it replaces is not in the command any more.
 * The environment is an operator's shell: no CI, no target variables; our own operations (the
 * fixture's, so that the user's contracts/ never decide our tests).
 */

const README = readmeCommands();

/** What each test runs, in README order within a test; together, every README command once. */
const RUNS = {
  install: ['npm ci && npm start'],
  selfTest: ['npm test'],
  onboard: [
    'export PLUVO_ORG=acme',
    'export PLUVO_CLIENT_ID=...',
    'export PLUVO_CLIENT_SECRET=...',
    'npm run onboard',
    'git add schemas && git commit -m "Onboard acme"',
    'npm start',
  ],
  shards: ['npx playwright test --shard 1/2', 'npx playwright test --shard 2/2', 'npm run alert -- reports'],
  monitor: ['npm run monitor'],
  every: ['npm run monitor -- --every 15m'],
  once: ['npm run monitor -- --once'],
  grep: ['npm run monitor -- -- --grep @auth'],
  full: ['npm start -- --full'],
  addOperation: ['npm run schemas:generate', 'npm start -- --grep MyOperation'],
  large: [
    'npm run sandbox -- --port 4711 --users 100000 --latency-ms 100 --churn 5',
    'PLUVO_BASE_URL=http://127.0.0.1:4711 PLUVO_CLIENT_ID=sandbox-demo-client \\\n  PLUVO_CLIENT_SECRET=sandbox-demo-secret-0f3c9a npm start',
  ],
  sandbox: [
    'npm run sandbox',
    `TOKEN=$(curl -s http://127.0.0.1:4010/oauth/token/ \\
  -d grant_type=client_credentials -d client_id=sandbox-demo-client \\
  -d client_secret=sandbox-demo-secret-0f3c9a -d 'scope=users.read trainings.read' \\
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `curl -s http://127.0.0.1:4010/graphql/ -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
  -d '{"query":"{ paginatedUsers(first: 3) { edges { node { id name email } } count } }"}'`,
    'curl -si http://127.0.0.1:4010/graphql -X POST',
    "curl -s  http://127.0.0.1:4010/graphql/ -X POST -H 'Content-Type: application/json' -d '{}'",
    'PLUVO_BASE_URL=http://127.0.0.1:4010 PLUVO_CLIENT_ID=sandbox-demo-client \\\n  PLUVO_CLIENT_SECRET=sandbox-demo-secret-0f3c9a npm start',
  ],
  faults: ['npm run sandbox -- --port 0 --faults wrong-count,no-slash-redirect'],
  // Run, as typed, by tests/selftest/package.spec.ts, which goes on with the installed package.
  package: PACKAGE_COMMANDS_OF_README,
  help: ['npm run sandbox -- --help'],
} satisfies Record<string, string[]>;

/** The command as the README has it, with what only a user's machine has put in. */
const typed = (command: string, replacements: Array<[string, string]> = []) => typedFrom(README, command, replacements);

function operatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...sandboxOnlyEnv(), ...FIXTURE_CONTRACTS };
  // PLUVO_TARGETS stays 'none': a targets file in this checkout is its user's, never our tests' target.
  for (const name of ['CI', 'PLUVO_REPORTS_DIR']) delete env[name];
  return { ...env, ...extra };
}

/** A script in bash, in its own process group so that a signal can reach all it started, as a terminal's would. */
const shell = (script: string, cwd: string, env: NodeJS.ProcessEnv = operatorEnv()) => startCommand('bash', ['-c', script], { cwd, env, detached: true });

const ran = (script: string, cwd: string, env: NodeJS.ProcessEnv = operatorEnv()) => runCommand('bash', ['-c', script], { cwd, env, detached: true });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * What a shell says of a command stopped by a signal sent to its whole group: npm itself ends by
 * that signal (it does not wait for its script), so 130 for Ctrl-C and 143 for SIGTERM, the codes
 * systemd and cron read as "stopped", not "succeeded" or "failed".
 */
const EXIT_ON = { SIGINT: 130, SIGTERM: 143 } as const;

/** Runs of the embedded sandbox write nothing but their reports: those go to a folder of the test's (PLUVO_REPORTS_DIR, as an operator may set it). */
const reportsFolder = () => mkdtempSync(join(scratchDir(), 'pluvo-readme-'));

const verdicts = (reportsDir: string) => historyOf(reportsDir).map((line) => line.verdict);

test.describe('the README, command by command, as typed', () => {
  test('every command in its shell blocks is run by a test below, and each test runs a command that is there', () => {
    const run = Object.values(RUNS).flat();
    expect([...run].sort()).toEqual([...README].sort());
    expect(new Set(run).size).toBe(run.length);
  });

  test('the commands are read as a user copies them: continued lines joined, comments dropped, other blocks left alone', () => {
    const readme = [
      'text `npm run not-a-block`',
      '```sh',
      'npm start -- --full      # a comment, with a # in it',
      '# a line that is only a comment',
      '',
      'FOO=1 \\',
      "  npm run x -- 'a # not a comment'",
      '```',
      '```cron',
      '0 * * * *  npm run monitor -- --once',
      '```',
      '```bash',
      'npm run monitor',
      '```',
      '1. In a list:',
      '   ```sh',
      '   npm run schemas:generate   # indented with its item',
      '   ```',
    ].join('\n');
    expect(readmeCommands(readme)).toEqual([
      'npm start -- --full',
      "FOO=1 \\\n  npm run x -- 'a # not a comment'",
      'npm run monitor',
      'npm run schemas:generate',
    ]);
  });

  test("npm ci && npm start, and npm test: the commands CI runs, as typed, on a clean clone (.ci/run); this test is one of npm test's", () => {
    // `npm ci` costs 14 s of CPU and 257 MB: run here, it would be the slowest test of the suite
    // for what CI already does on every landing, on a clean clone, with the very same line.
    const ci = readFileSync('.ci/run', 'utf8').trim().split('\n');
    expect(ci).toContain(typed(RUNS.install[0]!));
    typed(RUNS.selfTest[0]!);
    expect(ci.at(-1)).toBe('npm test');
    expect(ci.indexOf('npm ci && npm start')).toBeLessThan(ci.indexOf('npm test'));
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toBe('playwright test --config playwright.selftest.config.ts');
    expect(test.info().config.configFile).toMatch(/playwright\.selftest\.config\.ts$/);
  });

  test('onboarding an organisation (seed 7, not the sandbox our tests know): onboard names what it wrote, the commit takes it, and the run after passes and changes nothing', async () => {
    const project = freshProjectCopy({ asShipped: true, sharedCode: true });
    const sandbox = await startSandbox({ port: 0, seed: 7 });
    try {
      const script = RUNS.onboard.map((command) =>
        typed(
          command,
          [
            ['PLUVO_ORG=acme', `PLUVO_BASE_URL=${sandbox.url}`],
            ['PLUVO_CLIENT_ID=...', `PLUVO_CLIENT_ID=${DEMO_CLIENT.clientId}`],
            ['PLUVO_CLIENT_SECRET=...', `PLUVO_CLIENT_SECRET=${DEMO_CLIENT.clientSecret}`],
          ].filter(([from]) => command.includes(from!)) as Array<[string, string]>,
        ),
      );
      const git = { GIT_AUTHOR_NAME: 'op', GIT_AUTHOR_EMAIL: 'op@example.com', GIT_COMMITTER_NAME: 'op', GIT_COMMITTER_EMAIL: 'op@example.com' };
      const { code, output } = await ran(['set -e', ...script].join('\n'), project.dir, operatorEnv(git));
      expect(code, output.slice(-3000)).toBe(0);
      // Where npm start's own output begins: its first line, never npm's banner (npm test --silent hides that).
      const begins = output.search(/^Running \d+ checks? /m);
      expect(begins, output.slice(-3000)).toBeGreaterThan(0);
      const [onboarded, started] = [output.slice(0, begins), output.slice(begins)];
      const named = onboarded!
        .split('\n')
        .filter((line) => /^ {2}schemas\//.test(line))
        .map((line) => line.trim())
        .sort();
      expect(named).toEqual(expect.arrayContaining(['schemas/baseline.json', 'schemas/deprecations.json']));
      // Another seed is other data in the same schema: the snapshot is not rewritten for its date alone.
      expect(named).not.toContain('schemas/pluvo.graphql');
      expect(onboarded).toContain('1. schema snapshot unchanged');
      expect(onboarded).toContain('Onboard acme');
      expect(started).toMatch(/verdict: passed; 0 failed, \d+ passed/);
      expect(started).not.toContain('pinned it in');
      // The checks whose warnings a target that was not onboarded would show (pins, drift, the radar) have none.
      const results = JSON.parse(readFileSync(join(project.dir, 'reports/results.json'), 'utf8')) as { suites: Suite[] };
      expect(annotations(results.suites, 'warning')).toEqual([]);
      expect(project.changedFiles()).toEqual([]);
    } finally {
      await sandbox.close();
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

  test('two shards, then npm run alert -- reports as typed: shards tell nobody and say so, the merge finds both, tells once, names the right targets, and nothing carries a secret', async () => {
    const project = freshProjectCopy({ asShipped: true, sharedCode: true });
    const webhook = await recordingWebhook();
    // A broken contract, so that there is something to tell (and to leak).
    // And a CI that set Playwright's own JSON place for another suite: our reports stay in reports/.
    const elsewhere = join(project.dir, 'other-suite.json');
    const env = operatorEnv({
      SANDBOX_FAULTS: 'no-slash-redirect',
      PLUVO_RETRIES: '0',
      SLACK_WEBHOOK_URL: webhook.url,
      PLAYWRIGHT_JSON_OUTPUT_FILE: elsewhere,
    });
    try {
      const shards: Array<{ code: number | null; output: string }> = [];
      for (const shard of RUNS.shards.slice(0, 2)) shards.push(await ran(typed(shard), project.dir, env));
      for (const shard of shards) expect([0, 1], shard.output.slice(-3000)).toContain(shard.code);
      expect(shards.map((shard) => shard.code)).toContain(1);
      expect(webhook.received).toHaveLength(0);
      shards.forEach((shard, index) =>
        expect(shard.output).toContain(
          `shard ${index + 1} of 2: its report is in reports/blob-${index + 1}-of-2/; nobody is told until the shards are merged: npm run alert -- <the folder holding every shard's report>`,
        ),
      );
      // A stop is a stop: SIGTERM to the merging command's own pid (a supervisor's) ends the merge at
      // once, nothing is sent, nothing is left running, and the shards' reports stay for the next try.
      const stopped = shell(typed(RUNS.shards[2]!), project.dir, env);
      // Stopped as soon as its merge has started: a merge of two shards can be over in a second
      // once Playwright's transform cache is warm, before a line it printed could be read and answered.
      await expect
        .poll(() => descendantsOf(stopped.child.pid!).some((pid) => commandLineOf(pid).includes('merge-reports')), { timeout: 60_000, intervals: [20] })
        .toBe(true);
      expect(stopped.output()).not.toContain('alert "Pluvo contract broken"');
      const processes = [stopped.child.pid!, ...descendantsOf(stopped.child.pid!)];
      // The command's own node process, not the shell npm runs it through (whose command line names it too).
      const alertPid = processes.find((pid) => /(^|\/)node$/.test(commandLineOf(pid).split(' ')[0]!) && commandLineOf(pid).includes('scripts/alert.ts'));
      expect(alertPid).toBeDefined();
      process.kill(alertPid!, 'SIGTERM');
      await expect.poll(() => stillRunning(processes), { timeout: 30_000 }).toEqual([]);
      // Its last lines may still be in the pipe when every process has gone: read once the shell's output has closed.
      await stopped.closed;
      expect(stopped.output()).toContain('alert: SIGTERM: the merge is stopped and nothing is sent; npm run alert again merges the same shards.');
      expect(webhook.received).toHaveLength(0);
      // As typed, on the machine the shards ran on: the merge finds both beneath reports/, each in its own folder.
      const merged = await ran(typed(RUNS.shards[2]!), project.dir, env);
      expect(merged.code, merged.output.slice(-3000)).toBe(1);
      expect(merged.output).toContain('alert: merging 2 shard reports');
      expect(merged.output).toMatch(/^Running \d+ checks? with/m);
      const checked = (text: string) => text.split('\n').filter((line) => /^ +[✓✘] /.test(line)).length;
      const results = JSON.parse(readFileSync(join(project.dir, 'reports/results.json'), 'utf8')) as { stats: { expected: number; unexpected: number } };
      expect(results.stats.expected + results.stats.unexpected).toBe(checked(shards[0]!.output) + checked(shards[1]!.output));
      expect(verdicts(join(project.dir, 'reports'))).toEqual(['failed']);
      expect(existsSync(elsewhere)).toBe(false);
      expect(webhook.received).toHaveLength(1);
      expect(webhook.received[0]!.body.text).toMatch(/^Pluvo contract broken/);
      // The shards' blobs are Playwright's own reporter's, the merge a process of its own: none may carry a secret.
      const files = readTree(join(project.dir, 'reports'));
      const blobsOpened = files.map((file) => /\/(blob-[^/]+)\/[^/]+\.zip#.*\.jsonl$/.exec(file.path)?.[1]).filter(Boolean);
      expect([...new Set(blobsOpened)].sort()).toEqual(['blob-1-of-2', 'blob-2-of-2', 'blob-merged']);
      const said = [...shards.map((shard) => shard.output), merged.output, JSON.stringify(webhook.received.map((post) => post.body))].join('\n');
      const leaks = [...files, { path: 'output and Slack', text: said }].flatMap(({ path, text }) =>
        findSecrets(text, [DEMO_CLIENT.clientSecret, 'webhookSecretXyZ123']).map((leak) => `${path}: ${leak}`),
      );
      expect(leaks).toEqual([]);
    } finally {
      webhook.close();
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

  test('npm run monitor: says its schedule, a run starts at once; Ctrl-C stops it within 10 s, says so, releases both locks and exits', async () => {
    const reports = reportsFolder();
    const monitor = shell(typed(RUNS.monitor[0]!), process.cwd(), operatorEnv({ PLUVO_REPORTS_DIR: reports, SANDBOX_LATENCY_MS: '300' }));
    await monitor.until(/monitor: a run every 60m, until stopped/);
    await monitor.until(/monitor: run 1 at/);
    // The run's runner is up and has planned its checks: a run in progress.
    await monitor.until(/Running \d+ checks?/);
    expect(existsSync(join(reports, 'monitor.lock'))).toBe(true);
    // Ctrl-C is SIGINT to the monitor's process group: the signals matrix's case of it (tests/selftest/signals.spec.ts).
    const sentAt = Date.now();
    expect(await monitor.stop('SIGINT')).toBe(EXIT_ON.SIGINT);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(monitor.output()).toContain('monitor: SIGINT: stopping the run in progress, then releasing the lock');
    expect(monitor.output()).not.toContain('next run at');
    expect(existsSync(join(reports, 'monitor.lock'))).toBe(false);
    expect(existsSync(join(reports, 'run.lock'))).toBe(false);
    expect(verdicts(reports)).toEqual(['interrupted']);
    // Nobody is paged for a stop someone asked for.
    expect(existsSync(join(reports, 'slack-message.json'))).toBe(false);
  });

  test('npm run monitor -- --every 15m: says so, and a run starts at once; SIGTERM to the group stops it (143) within 10 s, neither lock left', async () => {
    const reports = reportsFolder();
    const monitor = shell(typed(RUNS.every[0]!), process.cwd(), operatorEnv({ PLUVO_REPORTS_DIR: reports, SANDBOX_LATENCY_MS: '300' }));
    await monitor.until(/monitor: a run every 15m, until stopped/);
    await monitor.until(/Running \d+ checks?/);
    // This is also the signals matrix's case of SIGTERM to the monitor's process group (systemd, a
    // cancelled job), as its runner starts its workers (tests/selftest/signals.spec.ts has the rest).
    const sentAt = Date.now();
    expect(await monitor.stop('SIGTERM')).toBe(EXIT_ON.SIGTERM);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(existsSync(join(reports, 'monitor.lock')), monitor.output()).toBe(false);
    expect(existsSync(join(reports, 'run.lock')), monitor.output()).toBe(false);
    expect(verdicts(reports)).toEqual(['interrupted']);
  });

  test('npm run monitor -- --once, on a broken contract: one run, exit 1 for cron and systemd, its history line', async () => {
    const reports = reportsFolder();
    const { code, output } = await ran(
      typed(RUNS.once[0]!),
      process.cwd(),
      operatorEnv({ PLUVO_REPORTS_DIR: reports, SANDBOX_FAULTS: 'no-slash-redirect', PLUVO_RETRIES: '0' }),
    );
    expect(code, output.slice(-3000)).toBe(1);
    expect(output).toContain('monitor: one run, on');
    expect(output).toContain('monitor: run 1 ended with exit code 1');
    expect(output).not.toContain('next run at');
    expect(verdicts(reports)).toEqual(['failed']);
    expect(existsSync(join(reports, 'monitor.lock'))).toBe(false);
  });

  test('npm run monitor -- -- --grep @auth: the arguments reach the run, which checks auth alone; Ctrl-C while it waits ends it (130)', async () => {
    const reports = reportsFolder();
    const monitor = shell(typed(RUNS.grep[0]!), process.cwd(), operatorEnv({ PLUVO_REPORTS_DIR: reports }));
    await monitor.until(/monitor: next run at/);
    const [, count] = /Running (\d+) checks?/.exec(monitor.output()) ?? [];
    const checks = Object.keys((historyOf(reports)[0] as { checks?: Record<string, unknown> }).checks ?? {});
    expect(checks.length).toBe(Number(count));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((id) => id.startsWith('auth.'))).toBe(true);
    expect(await monitor.stop('SIGINT')).toBe(EXIT_ON.SIGINT);
    expect(existsSync(join(reports, 'monitor.lock'))).toBe(false);
  });

  test('adding an operation as the README shows: its schema generated, its checks and assertions pass; as typed', async () => {
    const project = freshProjectCopy({ asShipped: true, sharedCode: true });
    const sandbox = await startSandbox({ port: 0 });
    try {
      const readme = readFileSync('README.md', 'utf8');
      const section = readme.slice(readme.indexOf('To add an operation'));
      const block = (language: string) => new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\\s*\`\`\``).exec(section)![1]!.replace(/^ {3}/gm, '');
      writeFileSync(join(project.dir, 'contracts/MyOperation.graphql'), `${block('graphql')}\n`);
      const manifestPath = join(project.dir, 'contracts/manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { operations: Array<Record<string, unknown>> };
      const entry = JSON.parse(block('json')) as { assert: string[] };
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, operations: [...manifest.operations, entry] }, null, 2));
      // The project's own contracts/ (the one just changed), not our fixture's, against "your
      // organisation": a sandbox of ours in its place, as the onboarding test has it.
      const env = operatorEnv({ PLUVO_BASE_URL: sandbox.url, PLUVO_CLIENT_ID: DEMO_CLIENT.clientId, PLUVO_CLIENT_SECRET: DEMO_CLIENT.clientSecret });
      delete env.PLUVO_CONTRACTS_DIR;
      const generated = await ran(typed(RUNS.addOperation[0]!), project.dir, env);
      expect(generated.code, generated.output.slice(-3000)).toBe(0);
      expect(existsSync(join(project.dir, 'schemas/responses/MyOperation.schema.json'))).toBe(true);
      const started = await ran(typed(RUNS.addOperation[1]!), project.dir, env);
      expect(started.code, started.output.slice(-3000)).toBe(0);
      expect(started.output).toContain("✓ shape › MyOperation's response matches its stored response schema");
      expect(started.output).toMatch(/verdict: passed; 0 failed, 2 passed/);

      // That an assertion that does not hold fails with its place and value, as the README says, is
      // the assertions' own test (tests/unit/assertions.spec.ts): the run here is the wiring.
      expect(started.output).not.toContain('Our assertion');
    } finally {
      await sandbox.close();
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

  test("npm start -- --full: complete walks, their plan said first, and the run passes; its HTML report, kept with every check's exchanges, names none of the sandbox's people", async () => {
    const reports = reportsFolder();
    // PLUVO_KEEP_EXCHANGES=always: without it a healthy run keeps no response at all, and the check below could not fail.
    const { code, output } = await ran(typed(RUNS.full[0]!), process.cwd(), operatorEnv({ PLUVO_REPORTS_DIR: reports, PLUVO_KEEP_EXCHANGES: 'always' }));
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toMatch(/full walk/i);
    expect(output).toMatch(/verdict: passed; 0 failed/);
    // The report the hourly workflow publishes: responses kept as their shapes.
    const published = readTree(join(reports, 'html'));
    expect(published.some((file) => /email\\*": \\*"\(text, /.test(file.text))).toBe(true);
    expect(published.filter((file) => /[a-z]+\.[a-z]+\.\d+@example\.com/i.test(file.text)).map((file) => file.path)).toEqual([]);
  });

  test('a large, far-away, changing sandbox (100,000 users, 100 ms, churn) and npm start against it: the run passes', async () => {
    test.setTimeout(300_000);
    const project = freshProjectCopy({ asShipped: true, sharedCode: true });
    const port = String(await freePort());
    const sandbox = shell(typed(RUNS.large[0]!, [['4711', port]]), project.dir);
    try {
      await sandbox.until(/Data: +seed 1, 100000 users/);
      const { code, output } = await ran(typed(RUNS.large[1]!, [['4711', port]]), project.dir);
      expect(code, output.slice(-3000)).toBe(0);
      expect(output).toMatch(/verdict: passed; 0 failed/);
    } finally {
      expect(await sandbox.stop('SIGINT')).toBe(EXIT_ON.SIGINT);
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

  test('npm run sandbox, then curl as shown, then npm start against it from another terminal; Ctrl-C stops it', async () => {
    const project = freshProjectCopy({ asShipped: true, sharedCode: true });
    const port = String(await freePort());
    // The port the README's sandbox takes (4010) would be taken by a second `npm test` beside this one.
    const sandbox = shell(typed(RUNS.sandbox[0]!), project.dir, operatorEnv({ SANDBOX_PORT: port }));
    try {
      await sandbox.until(new RegExp(`Pluvo sandbox listening on http://127\\.0\\.0\\.1:${port}`));
      expect(sandbox.output()).toContain('Data:         seed 1, 137 users');
      const [token, page, redirect, refused] = RUNS.sandbox.slice(1, 5).map((command) => typed(command, [['4010', port]]));
      // One shell, as in a terminal: $TOKEN carries over. A marker line between the answers.
      const script = ['set -e', token, 'echo "${#TOKEN}"', page, ...[redirect, refused].flatMap((command) => ['echo; echo ~~~', command])];
      const curl = await ran(script.join('\n'), project.dir);
      expect(curl.code, curl.output).toBe(0);
      const [tokenLength, users, headers, unauthorized] = curl.output.replace('\n', '\n~~~\n').split(/\n~~~\n/);
      expect(Number(tokenLength)).toBeGreaterThan(20);
      const data = JSON.parse(users!) as { data: { paginatedUsers: { edges: unknown[]; count: number } } };
      expect(data.data.paginatedUsers.edges).toHaveLength(3);
      expect(data.data.paginatedUsers.count).toBe(137);
      expect(headers).toMatch(/^HTTP\/1\.1 301/);
      expect(headers).toMatch(/\nlocation: \/graphql\/\r?\n/i);
      expect(unauthorized).toMatch(/Bearer|token|auth/i);

      const started = await ran(typed(RUNS.sandbox[5]!, [['4010', port]]), project.dir);
      expect(started.code, started.output.slice(-3000)).toBe(0);
      expect(started.output).toMatch(/verdict: passed; 0 failed/);
    } finally {
      expect(await sandbox.stop('SIGINT')).toBe(EXIT_ON.SIGINT);
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

  test('npm run sandbox -- --port 0 --faults …: a free port, the faults it says, and they are served', async () => {
    const sandbox = shell(typed(RUNS.faults[0]!), process.cwd());
    try {
      const [, url] = await sandbox.until(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      await sandbox.until(/Faults: +wrong-count, no-slash-redirect/);
      const redirect = await fetch(`${url}/graphql`, { method: 'POST', redirect: 'manual' });
      expect(redirect.status).not.toBe(301);
    } finally {
      expect(await sandbox.stop('SIGINT')).toBe(EXIT_ON.SIGINT);
    }
  });

  test('npm run sandbox -- --help: every option and fault, exit 0', async () => {
    const { code, output } = await ran(typed(RUNS.help[0]!), process.cwd());
    expect(code).toBe(0);
    expect(output).toContain('Usage: npm run sandbox -- [options]');
    for (const fault of ['wrong-count', 'no-slash-redirect', 'proxy-502', 'certificates-502']) expect(output).toContain(fault);
  });
});

interface Suite {
  suites?: Suite[];
  specs?: Array<{ tests: Array<{ annotations: Array<{ type: string }>; results: Array<{ annotations?: Array<{ type: string; description?: string }> }> }> }>;
}

function annotations(suites: Suite[], type: string): string[] {
  return suites.flatMap((suite) => [
    ...annotations(suite.suites ?? [], type),
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests
        .flatMap((t) => [...t.annotations, ...t.results.flatMap((r) => r.annotations ?? [])])
        .filter((a) => a.type === type)
        .map((a) => JSON.stringify(a)),
    ),
  ]);
}
