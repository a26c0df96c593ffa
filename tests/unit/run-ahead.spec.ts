import { test, expect } from '@playwright/test';
import { CheckRecorder, outageInMemory, type CheckContext, type ContractCheck } from '../../src/checks/check';
import { loadConfig } from '../../src/config/load-config';
import { RunAhead } from '../../src/run/run-ahead';
import { settledInMemory } from '../../src/run/settled-outcomes';

/**
 * A worker's checks started together (src/run/run-ahead.ts): each runs once, its test reports that
 * run, and a worker that stops hands on what its tests did not report yet.
 */
function scene() {
  const config = loadConfig({ PLUVO_BASE_URL: 'https://acme.pluvo.com', PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef' });
  const context = { config, now: () => 0, sleep: async () => undefined, outage: outageInMemory(), fresh: () => context } as unknown as CheckContext;
  const runs: string[] = [];
  const release = new Map<string, () => void>();
  /** A check that ends when released (or at once), failing when told to. */
  const check = (id: string, options: { held?: boolean; fails?: boolean } = {}): ContractCheck => ({
    id,
    area: 'transport',
    title: `check ${id}`,
    docs: 'd',
    async run() {
      runs.push(id);
      if (options.held) await new Promise<void>((resolve) => release.set(id, resolve));
      const recorder = new CheckRecorder();
      if (options.fails) recorder.fail(`${id} broke`);
      return recorder.result();
    },
  });
  return { context, runs, release, check };
}

test.describe('checks started together', () => {
  test('each selected check runs once, all at once, and its test gets that run', async () => {
    const { context, runs, release, check } = scene();
    const [a, b, c] = [check('a', { held: true }), check('b', { held: true, fails: true }), check('c')];
    const ahead = new RunAhead(context, settledInMemory());
    ahead.start([a, b, c]);
    // All three began before any of them ended: none waits for the one before it.
    expect(runs).toEqual(['a', 'b', 'c']);
    const first = ahead.first(b);
    release.get('b')!();
    expect((await first).outcome.status).toBe('failed');
    release.get('a')!();
    expect((await ahead.first(a)).outcome.status).toBe('passed');
    expect((await ahead.first(c)).outcome.status).toBe('passed');
    expect(runs).toEqual(['a', 'b', 'c']);
  });

  test('a check no selection named is run when its test asks', async () => {
    const { context, runs, check } = scene();
    const ahead = new RunAhead(context, settledInMemory());
    ahead.start([]);
    expect(runs).toEqual([]);
    expect((await ahead.first(check('late'))).outcome.checkId).toBe('late');
    expect(runs).toEqual(['late']);
  });

  test('a worker that stops waits for its running checks and hands on those its tests did not report; the next reports them without asking again', async () => {
    const { context, runs, release, check } = scene();
    const store = settledInMemory();
    const checks = [check('reported'), check('running', { held: true, fails: true }), check('ended')];
    const stopping = new RunAhead(context, store);
    stopping.start(checks);
    await stopping.first(checks[0]!);
    const settled = stopping.settle(() => false);
    release.get('running')!();
    await settled;
    const status = (id: string) => {
      const kept = store.read(id);
      return typeof kept === 'string' ? kept : kept?.outcome.status;
    };
    expect(['reported', 'running', 'ended'].map(status)).toEqual(['reported', 'failed', 'passed']);

    const next = new RunAhead(context, store);
    next.start(checks);
    expect((await next.first(checks[1]!)).outcome.failures.map((failure) => failure.message)).toEqual(['running broke']);
    expect(runs).toEqual(['reported', 'running', 'ended']);
  });

  test('a stopped run does not wait for a check that never ends', async () => {
    const { context, check } = scene();
    const ahead = new RunAhead(context, settledInMemory());
    ahead.start([check('forever', { held: true })]);
    let stopped = false;
    const settled = ahead.settle(() => stopped);
    stopped = true;
    await expect(settled).resolves.toBeUndefined();
  });
});
