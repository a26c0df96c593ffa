import { test, expect } from '../contract/base-test';
import { CheckRecorder, outageInMemory, type CheckContext, type ContractCheck } from '../../src/checks/check';
import { loadConfig } from '../../src/config/load-config';
import type { Cause } from '../../src/pluvo/cause';
import { lookedAgain, runConfirmed, type Confirmed } from '../../src/run/confirm';

/** Confirmation before trouble counts: waits on the context's clock, a fresh look each time, and one confirmed outage spares the others. */
function scripted(answers: Array<Cause | 'ok' | 'slow'>) {
  let now = 0;
  const slept: number[] = [];
  const looks: Array<'fresh' | 'shared'> = [];
  const config = loadConfig({ PLUVO_BASE_URL: 'https://acme.pluvo.com', PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef' });
  const outage = outageInMemory();
  const context = (kind: 'fresh' | 'shared'): CheckContext =>
    ({
      config,
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
      outage,
      fresh: () => context('fresh'),
      kind,
    }) as unknown as CheckContext;
  let call = 0;
  const check: ContractCheck = {
    id: 'c',
    area: 'transport',
    title: 'the check',
    docs: 'd',
    async run(given) {
      looks.push((given as unknown as { kind: 'fresh' | 'shared' }).kind);
      const answer = answers[Math.min(call++, answers.length - 1)]!;
      const recorder = new CheckRecorder();
      // An answer in 5 s (over the 2 s at which a check is degraded), or in 50 ms.
      recorder.record({
        request: { method: 'POST', url: 'https://acme.pluvo.com/graphql/' },
        response: { status: 200, headers: {}, body: '{}' },
        durationMs: answer === 'slow' ? 5_000 : 50,
      });
      if (answer !== 'ok' && answer !== 'slow') recorder.fail(`got ${answer}`, answer, answer === 'contract' ? undefined : 'HTTP 502 (Bad Gateway)');
      return recorder.result();
    },
  };
  return {
    run: () => runConfirmed(check, context('shared')),
    lookAgain: (spared: Confirmed) => lookedAgain(check, context('fresh'), spared),
    slept,
    looks,
    now: () => now,
    outage,
  };
}

test.describe('confirmation before trouble counts', () => {
  test('a blip: failed, then answered 2 s later: passed, flaky, with a warning that says so; nothing pages', async () => {
    const blip = scripted(['unavailable', 'ok']);
    const { outcome } = await blip.run();
    expect([outcome.status, outcome.passedOnRetry, blip.slept, blip.looks]).toEqual(['passed', true, [2_000], ['shared', 'fresh']]);
    expect(outcome.warnings[0]).toBe(
      'Pluvo did not answer at first (HTTP 502 (Bad Gateway)); it did when tried again after 2 s. Not counted as trouble: flaky.',
    );
  });

  test('a 9 s blip still ends before the second wait: 2 s, then 10 s', async () => {
    const blip = scripted(['unavailable', 'unavailable', 'ok']);
    expect((await blip.run()).outcome.status).toBe('passed');
    expect(blip.slept).toEqual([2_000, 10_000]);
  });

  test('trouble through every wait is confirmed, and says it was tried again', async () => {
    const down = scripted(['unavailable']);
    const { outcome } = await down.run();
    expect([outcome.status, outcome.cause, down.slept]).toEqual(['failed', 'unavailable', [2_000, 10_000]]);
    expect(outcome.failures.at(-1)).toEqual({ message: 'Confirmed: tried again after 2 s and 10 s: still the same.', cause: 'unavailable' });
    expect(down.outage.confirmedAt()).toBe(12_000);
  });

  test('after a confirmed outage, the next check that meets it within a minute does not wait again; a good answer clears it', async () => {
    const down = scripted(['throttled']);
    await down.run();
    const second = await down.run();
    expect(down.slept).toEqual([2_000, 10_000]);
    expect(second.outcome.failures.at(-1)?.message).toMatch(/^Confirmed: not tried again: an earlier check of this run confirmed/);
  });

  test("a check that took another's confirmation for its own says so, and looks again when asked: answered, it was a blip; not, it lasted", async () => {
    const checks = scripted(['unavailable', 'unavailable', 'unavailable', 'unavailable', 'ok', 'unavailable']);
    const waited = await checks.run();
    expect(waited.spared).toBeUndefined();
    const spared = await checks.run();
    expect([spared.outcome.status, spared.spared, checks.slept]).toEqual(['failed', true, [2_000, 10_000]]);
    const blip = await checks.lookAgain(spared);
    expect([blip.outcome.status, blip.outcome.passedOnRetry, checks.looks.at(-1)]).toEqual(['passed', true, 'fresh']);
    expect(blip.outcome.warnings[0]).toBe(
      'Pluvo did not answer at first (HTTP 502 (Bad Gateway)); it did when looked at again, once the rest of the API had answered. Not counted as trouble: flaky.',
    );
    const lasting = await checks.lookAgain(await checks.run());
    expect([lasting.outcome.status, lasting.outcome.cause, lasting.outcome.failures.at(-1)?.message]).toEqual([
      'failed',
      'unavailable',
      'Confirmed: looked at again once the rest of the API had answered: still the same.',
    ]);
    // Neither look waited: the confirmation another check waited out stands for the time.
    expect(checks.slept).toEqual([2_000, 10_000]);
  });

  test('our own budget or setup, and a refused client, are not tried again: trying mends none of them', async () => {
    for (const cause of ['budget', 'config', 'credentials'] as const) {
      const once = scripted([cause, 'ok']);
      const { outcome } = await once.run();
      expect([cause, outcome.status, once.slept]).toEqual([cause, 'failed', []]);
    }
  });

  test('slowness is confirmed before it counts: slow once, then not, passes with a note; slow again is degraded', async () => {
    const once = scripted(['slow', 'ok']);
    const passed = await once.run();
    expect([passed.outcome.status, once.looks, once.slept]).toEqual(['passed', ['shared', 'fresh'], []]);
    expect(passed.outcome.notes.at(-1)).toMatch(/^Slow at first \(.*5000 ms.*\); not when measured again\.$/);
    const twice = scripted(['slow', 'slow']);
    const { outcome } = await twice.run();
    expect([outcome.status, twice.looks]).toEqual(['degraded', ['shared', 'fresh']]);
    // A check that answers in time is measured once.
    const quick = scripted(['ok']);
    await quick.run();
    expect(quick.looks).toEqual(['shared']);
  });

  test('a broken contract is tried again at once, afresh (PLUVO_RETRIES): held then, it is flaky and says what failed first; broken again, it fails and says so', async () => {
    const flaky = scripted(['contract', 'ok']);
    const held = await flaky.run();
    expect([held.outcome.status, held.outcome.passedOnRetry, flaky.slept]).toEqual(['passed', true, []]);
    expect(held.outcome.warnings[0]).toMatch(/^Failed at first \(.+\); held when tried again: flaky\.$/);
    const broken = scripted(['contract', 'contract']);
    const { outcome } = await broken.run();
    expect([outcome.status, outcome.cause ?? 'contract', broken.slept]).toEqual(['failed', 'contract', []]);
    expect(outcome.notes).toContain('Tried again once, afresh: the same.');
  });
});

test.describe('confirmation of checks that run side by side', () => {
  /** Checks on one outage memory whose looks all fail (an outage) or pass after the first (a blip); sleeps take real turns of the event loop. */
  function sideBySide(answers: (look: number) => Cause | 'ok') {
    let now = 0;
    const slept: number[] = [];
    const config = loadConfig({ PLUVO_BASE_URL: 'https://acme.pluvo.com', PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef' });
    const outage = outageInMemory();
    const context: CheckContext = {
      config,
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 1));
        now += ms;
      },
      outage,
      fresh: () => context,
    } as unknown as CheckContext;
    const looks: string[] = [];
    const check = (id: string): ContractCheck => ({
      id,
      area: 'transport',
      title: id,
      docs: 'd',
      async run() {
        looks.push(id);
        const answer = answers(looks.filter((look) => look === id).length);
        const recorder = new CheckRecorder();
        if (answer !== 'ok') recorder.fail(`got ${answer}`, answer, 'HTTP 502 (Bad Gateway)');
        return recorder.result();
      },
    });
    return { run: (ids: string[]) => Promise.all(ids.map((id) => runConfirmed(check(id), context))), slept, looks };
  }

  test('an outage met by three checks at once is waited out by one of them: the others are confirmed by it, not by waits of their own', async () => {
    const outage = sideBySide(() => 'unavailable');
    const outcomes = (await outage.run(['a', 'b', 'c'])).map(({ outcome }) => outcome);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed', 'failed']);
    expect(outage.slept).toEqual([2_000, 10_000]);
    expect(outage.looks.sort()).toEqual(['a', 'a', 'a', 'b', 'c']);
    expect(outcomes.filter((outcome) => outcome.failures.at(-1)?.message.includes('an earlier check of this run confirmed'))).toHaveLength(2);
  });

  test('a blip met by three checks at once: the one that waited finds it over, the others look again and pass; none is trouble', async () => {
    const blip = sideBySide((look) => (look === 1 ? 'unavailable' : 'ok'));
    const outcomes = (await blip.run(['a', 'b', 'c'])).map(({ outcome }) => outcome);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['passed', 'passed', 'passed']);
    expect(blip.slept).toEqual([2_000]);
  });
});
