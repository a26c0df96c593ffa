import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { startSandbox } from '../../sandbox/server';
import { recordingWebhook } from '../support/recording-webhook';
import { FIXTURE_CONTRACTS, writeTargetsFile } from '../support/targets-file';
import { freshProjectCopy } from '../support/project-copy';
import { findSecrets, historyOf, readTree, sandboxOnlyEnv } from '../support/run-monitor';

/** Run one of our scripts (or Playwright) in a folder, with the sandbox-only environment and more. */
function run(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd, env: { ...sandboxOnlyEnv(), PLUVO_RETRIES: '0', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, output })));
}
const tsx = (script: string, ...args: string[]) => [resolve('node_modules/tsx/dist/cli.mjs'), script, ...args];
const playwright = (...args: string[]) => [resolve('node_modules/@playwright/test/cli.js'), 'test', '--config', 'playwright.config.ts', ...args];
const credentials = { PLUVO_CLIENT_ID: DEMO_CLIENT.clientId, PLUVO_CLIENT_SECRET: DEMO_CLIENT.clientSecret };

test.describe('deploying it', () => {
  // That CI refuses to pin a target that was never onboarded is tests/unit/onboarding.spec.ts.
  test('a new organisation on a fresh clone: `npm run onboard` names what it wrote; then a CI run passes with no onboarding warnings and changes nothing', async () => {
    const project = freshProjectCopy();
    const sandbox = await startSandbox({ port: 0 });
    try {
      const target = { PLUVO_BASE_URL: sandbox.url, ...credentials };
      const onboard = await run(project.dir, tsx('scripts/onboard.ts'), target);
      expect(onboard.code, onboard.output).toBe(0);
      const named = onboard.output
        .split('\n')
        .filter((line) => /^ {2}\S/.test(line))
        .map((line) => line.trim())
        .sort();
      expect(named).toEqual(['schemas/baseline.json', 'schemas/deprecations.json', 'schemas/pluvo.graphql']);
      expect(project.changedFiles()).toEqual(named);

      // The checks whose warnings an unonboarded target would show: pins, drift and the radar.
      const monitored = await run(project.dir, tsx('scripts/start.ts', '--grep', 'first: 51|refused trainings|@schema'), { ...target, CI: 'true' });
      expect(monitored.code, monitored.output).toBe(0);
      expect(monitored.output).toContain('verdict: passed');
      const results = JSON.parse(readFileSync(join(project.dir, 'reports/results.json'), 'utf8')) as { suites: Suite[] };
      expect(annotations(results.suites, 'warning')).toEqual([]);
      expect(monitored.output).not.toContain('pinned it in');
      expect(project.changedFiles()).toEqual(named);
    } finally {
      await sandbox.close();
    }
  });

  test('two organisations, one faulty, run as two shards and merged by npm run alert: one message naming both, failing only the faulty one', async () => {
    const [healthy, faulty] = [await startSandbox({ port: 0 }), await startSandbox({ port: 0, faults: new Set(['no-slash-redirect']) })];
    const webhook = await recordingWebhook();
    const dir = mkdtempSync(join(tmpdir(), 'pluvo-targets-'));
    const targets = writeTargetsFile(dir, { healthy: healthy.url, faulty: faulty.url });
    const env = {
      PLUVO_TARGETS: targets,
      SANDBOX_ID: DEMO_CLIENT.clientId,
      SANDBOX_SECRET: DEMO_CLIENT.clientSecret,
      SLACK_WEBHOOK_URL: webhook.url,
      ...FIXTURE_CONTRACTS,
    };
    // One check per organisation keeps the runs short; what is under test is the wiring.
    const grep = ['--grep', 'POST /graphql without'];
    const expectOneMessageNamingBoth = (message: { text: string; blocks: unknown[] }) => {
      expect(message.text).toMatch(/^Pluvo contract broken: faulty \(http:\/\/127\.0\.0\.1:\d+\) \(1 failed, 0 passed, 0 skipped\)$/);
      const overview = JSON.stringify(message.blocks.at(-1));
      expect(overview).toMatch(/healthy \(http:\/\/127\.0\.0\.1:\d+\): passed/);
      expect(overview).toMatch(/faulty \(http:\/\/127\.0\.0\.1:\d+\): failed/);
    };
    try {
      // That one run over a targets file (not sharded) sends one message naming every target is
      // the hostile end-to-end run's (tests/hostile/hostile-run.spec.ts): three organisations.
      const sharded = join(dir, 'sharded');
      const outputs: string[] = [];
      for (const shard of ['1/2', '2/2']) outputs.push((await run('.', playwright(...grep, '--shard', shard), { ...env, PLUVO_REPORTS_DIR: sharded })).output);
      // A shard alone knows only part of the run: it tells nothing; the merge tells once.
      expect(webhook.received).toHaveLength(0);
      const merged = await run('.', tsx('scripts/alert.ts'), { ...env, PLUVO_REPORTS_DIR: sharded });
      expect(merged.output).toContain('alert: merging 2 shard report(s)');
      expect(webhook.received).toHaveLength(1);
      expectOneMessageNamingBoth(webhook.received[0]!.body);
      expect(
        historyOf(sharded)
          .map((line) => line.verdict)
          .sort(),
      ).toEqual(['failed', 'passed']);
      expect(readFileSync(join(sharded, 'junit.xml'), 'utf8')).toContain('POST /graphql without the trailing slash');
      // The shards' blobs are written by Playwright's own reporter, and the merge is a process of
      // its own: neither may carry a secret, whatever the shards met.
      const said = [...outputs, merged.output, JSON.stringify(webhook.received.map((r) => r.body))].join('\n');
      const files = readTree(sharded);
      // A scan that never opened a blob would prove nothing about them.
      const blobsOpened = files.map((file) => /\/(blob-[^/]+)\/[^/]+\.zip#.*\.jsonl$/.exec(file.path)?.[1]).filter(Boolean);
      expect([...new Set(blobsOpened)].sort()).toEqual(['blob-1-of-2', 'blob-2-of-2', 'blob-merged']);
      const leaks = [...files, { path: 'output and Slack', text: said }].flatMap(({ path, text }) =>
        findSecrets(text, [DEMO_CLIENT.clientSecret, 'webhookSecretXyZ123']).map((leak) => `${path}: ${leak}`),
      );
      expect(leaks).toEqual([]);
    } finally {
      webhook.close();
      await Promise.all([healthy.close(), faulty.close()]);
    }
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
