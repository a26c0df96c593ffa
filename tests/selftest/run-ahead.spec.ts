import { test, expect } from '../contract/base-test';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { startSandbox } from '../../sandbox/server';
import { loadConfig, PAGING_SEED_VARIABLE, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { Engine } from '../../src/engine/engine';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { targetIdentity } from '../../src/targets/target-identity';
import { FIXTURE_CHECKS, runChecksAgainstSandbox } from '../support/run-checks';
import { VirtualClock } from '../support/virtual-clock';
import { VirtualLatencyTransport } from '../support/virtual-latency-transport';
import { historyOf, runMonitor } from '../support/run-monitor';
import { runInProcess } from '../support/run-in-process';
import { writeTargetsFile } from '../support/targets-file';
import { scratchDir } from '../support/scratch';

/**
 * A run's checks go out together (src/engine/engine.ts), each organisation within its own bound,
 * with the results they have one after another. Timings are no test's business (`npm run bench`
 * measures them); what the servers saw is. Spawned where Playwright is the subject (its workers,
 * its selection); in this process where only the engine is.
 */
test.describe('checks started together', () => {
  test('three organisations side by side: each one never has more than PLUVO_CONCURRENCY requests in flight, and uses them', async () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-run-ahead-'));
    // Far enough away that requests overlap however fast this machine is.
    const sandboxes = await Promise.all([1, 2, 3].map(() => startSandbox({ port: 0, latencyMs: 40 })));
    let together = 0;
    const sampler = setInterval(() => {
      together = Math.max(
        together,
        sandboxes.reduce((sum, sandbox) => sum + sandbox.inFlight, 0),
      );
    }, 5);
    try {
      const targets = writeTargetsFile(dir, { acme: sandboxes[0]!.url, globex: sandboxes[1]!.url, initech: sandboxes[2]!.url });
      // As on an operator's machine (not CI), so that organisations never onboarded pin what they
      // first see (in this folder's copies) instead of each check stopping at "not onboarded".
      const env = { PLUVO_TARGETS: targets, SANDBOX_ID: DEMO_CLIENT.clientId, SANDBOX_SECRET: DEMO_CLIENT.clientSecret, PLUVO_CONCURRENCY: '2', CI: 'false' };
      // The run's one engine sends every organisation's requests (how many workers tell the results
      // is Playwright's business): in this process, as Playwright's runner starts it.
      const run = await runInProcess(env, join(dir, 'reports'));
      expect(run.status, run.output.slice(-3000)).toBe(0);
      expect(run.output).toContain('on 3 targets');
      // Each organisation's own client: at its bound, never beyond it.
      expect(sandboxes.map((sandbox) => sandbox.maxInFlight)).toEqual([2, 2, 2]);
      // The organisations were checked at the same time, not one after another.
      expect(together).toBeGreaterThan(2);
    } finally {
      clearInterval(sampler);
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with contracts broken, each check has the verdict it has when the checks run one after another', async () => {
    const faults = ['page-cap-off', 'certificates-502'] as const;
    const alone = await runChecksAgainstSandbox({ faults: new Set(faults) });
    const run = await runMonitor({ SANDBOX_FAULTS: faults.join(',') });
    const [line] = historyOf(run.reportsDir);
    const together = Object.fromEntries(Object.entries(line!.checks).map(([id, [status]]) => [id, status]));
    const oneAfterAnother = Object.fromEntries([...alone.outcomes].map(([id, outcome]) => [id, outcome.status]));
    expect(Object.keys(together).sort()).toEqual(FIXTURE_CHECKS.map((check) => check.id).sort());
    expect(together).toEqual(oneAfterAnother);
    expect(alone.failing.length).toBeGreaterThan(3);
    // Each broken check a failed test in results.json, and all told by the one worker: none was
    // restarted after a failure (src/engine/failed-check-reporter.ts).
    expect(run.failedTitles).toHaveLength(alone.failing.length);
    expect(run.workerIndexes).toEqual([0]);
  });

  test('a narrowed run sends only what its selection needs: the unselected checks are not started', async () => {
    const run = await runMonitor({}, undefined, ['--grep', 'without the trailing slash']);
    expect(run.status, run.output.slice(-3000)).toBe(0);
    expect(run.passed).toBe(2);
    // The two redirects, and the preflight's token and query: nothing of the 45 checks not selected.
    const served = Number(/embedded sandbox: served (\d+) requests/.exec(run.output)?.[1]);
    expect(served).toBeLessThanOrEqual(4);
  });
});

test.describe('several organisations in one engine', () => {
  /** Organisations of one run, each named, all on one sandbox on a clock only waits move. */
  async function engineOf(names: string[], latencyMs: number) {
    const clock = new VirtualClock();
    const sandbox = await startSandbox({ port: 0, now: clock.now, sleep: clock.sleep, latencyMs });
    const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, [PAGING_SEED_VARIABLE]: '1' });
    const said: string[] = [];
    const engine = new Engine(
      names.map((name) => ({
        name,
        config,
        identity: targetIdentity(config),
        knowledge: SANDBOX_ORG,
        setIn: { clientId: 'PLUVO_CLIENT_ID', clientSecret: 'PLUVO_CLIENT_SECRET', scopes: 'PLUVO_SCOPES', address: 'PLUVO_SANDBOX_URL' },
      })),
      { transport: () => new VirtualLatencyTransport(), now: clock.now, sleep: clock.sleep, say: (line) => said.push(line) },
    );
    return { engine, said, close: () => sandbox.close() };
  }

  test("a walk's progress, said while it goes, names its organisation, as its check's line does", async () => {
    // Every page 6 s away: walks long enough to say how far they are, at no real cost.
    const { engine, said, close } = await engineOf(['acme', 'globex'], 6_000);
    try {
      const walk = 'paging.cursor-walk.paginatedUsers';
      engine.begin(new Map(['acme', 'globex'].map((name) => [name, new Set([walk])])));
      for (const name of ['acme', 'globex']) expect(await engine.settled(name, walk)).toHaveProperty('result');
      const progress = said.filter((line) => line.includes('cursor walk'));
      expect(progress.filter((line) => line.startsWith('[acme] paginatedUsers cursor walk (sampled): ')).length).toBeGreaterThan(0);
      expect(progress.filter((line) => line.startsWith('[globex] paginatedUsers cursor walk (sampled): ')).length).toBeGreaterThan(0);
      expect(progress.filter((line) => !/^\[(acme|globex)\] /.test(line))).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the drift's and the radar's lines name their organisation; from five on, those with nothing to tell are left to the report", async () => {
    const checks = ['schema.drift', 'schema.deprecations'];
    const lines = async (names: string[]) => {
      const { engine, close } = await engineOf(names, 0);
      try {
        engine.begin(new Map(names.map((name) => [name, new Set(checks)])));
        return await Promise.all(names.flatMap((name) => checks.map(async (check) => (await engine.report(name, check, 0)).say)));
      } finally {
        await close();
      }
    };
    const two = await lines(['acme', 'globex']);
    expect(two).toEqual([
      expect.stringMatching(/^\[acme\] schema drift: 0 items, 0 failing/),
      expect.stringMatching(/^\[acme\] deprecation radar: \d+ items?, 0 failing, 0 warnings/),
      expect.stringMatching(/^\[globex\] schema drift: /),
      expect.stringMatching(/^\[globex\] deprecation radar: /),
    ]);
    expect(await lines(['a', 'b', 'c', 'd', 'e'])).toEqual(Array(10).fill(undefined));
  });
});
