import { test, expect } from '../contract/base-test';
import { FAULTS } from '../../sandbox/faults';
import { TargetFile } from '../../src/knowledge/target-file';
import { FIXTURE_CHECKS as CONTRACT_CHECKS } from '../support/run-checks';
import { runChecksAgainstSandbox } from '../support/run-checks';
import { EXPECTED } from './expected-failures';

/**
 * The fault matrix: every contract check passes on the healthy sandbox, and each fault fails
 * exactly the checks that guard its contract. A check that cannot fail, or one that cries wolf
 * on a neighbour's fault, shows up here.
 */
test.describe('fault matrix', () => {
  test('healthy sandbox: every contract check passes', async () => {
    const { failing, degraded, results } = await runChecksAgainstSandbox({});
    const messages = failing.map(
      (id) =>
        `${id}: ${results
          .get(id)
          ?.findings.map((f) => f.message)
          .join(' / ')}`,
    );
    expect(messages).toEqual([]);
    expect(degraded).toEqual([]);
    expect([...results.values()].filter((r) => r.skipped)).toEqual([]);
    // The live sandbox and the snapshot pulled from it differ in nothing, not even in notes.
    expect(results.get('schema.drift')?.findings).toEqual([]);
  });

  for (const fault of FAULTS) {
    const expectation = EXPECTED[fault.name];
    if ('pending' in expectation) {
      test(`${fault.name}: pending (${expectation.pending})`, () => {
        test.fixme(true, `No check guards "${fault.description}" yet: ${expectation.pending}.`);
      });
      continue;
    }
    if ('flaps' in expectation) {
      test(`${fault.name}: every failure reads as the API's trouble, not a broken contract`, async () => {
        const { failing, outcomes } = await runChecksAgainstSandbox({ faults: new Set([fault.name]) });
        expect(failing.length).toBeGreaterThan(0);
        for (const id of failing) expect(outcomes.get(id)?.cause, id).toBe('unavailable');
      });
      continue;
    }
    const degrades = expectation.degrades ?? [];
    const verb = expectation.fails.length
      ? `fails ${expectation.fails.length} check(s)`
      : degrades.length
        ? `degrades ${degrades.length} check(s), fails none`
        : 'fails no check (benign)';
    test(`${fault.name}: ${verb}`, async () => {
      const { failing, degraded } = await runChecksAgainstSandbox({ faults: new Set([fault.name]) });
      expect(failing).toEqual([...expectation.fails].sort());
      expect(degraded).toEqual([...degrades].sort());
    });
  }

  test('strict flag (PLUVO_STRICT=1): the healthy sandbox still passes, a dangerous change now fails the drift check', async () => {
    expect((await runChecksAgainstSandbox({}, { PLUVO_STRICT: '1' })).failing).toEqual([]);
    expect((await runChecksAgainstSandbox({ faults: new Set(['optional-argument-added']) }, { PLUVO_STRICT: '1' })).failing).toEqual(['schema.drift']);
  });

  test('a target that refuses a missing scope with a 200 error passes on first use, and that is pinned', async () => {
    const baseline = TargetFile.inMemory<string>();
    const { failing } = await runChecksAgainstSandbox({ faults: new Set(['scope-refusal-200']) }, {}, { baseline, deprecations: TargetFile.inMemory() });
    expect(failing).toEqual([]);
    expect(baseline.get('sandbox', 'scope-refusal')).toBe('graphql-error');
  });

  test('every check is shown failing by a fault that breaks its own contract: not an outage, not one that fails half the catalogue', () => {
    // A proxy that answers 502, or tokens that /graphql/ refuses, fail almost every check: they
    // prove that a check notices when nothing works, not that its own assertions matter.
    const specific = FAULTS.filter((fault) => !('outage' in fault))
      .map((fault) => EXPECTED[fault.name])
      .filter((e) => 'fails' in e && e.fails.length < CONTRACT_CHECKS.length / 2);
    const guarded = new Set(specific.flatMap((e) => ('fails' in e ? e.fails : [])));
    const unguarded = CONTRACT_CHECKS.map((c) => c.id).filter((id) => !guarded.has(id));
    expect(unguarded).toEqual([]);
  });

  test('every id in the matrix is a check of the catalogue', () => {
    const known = new Set(CONTRACT_CHECKS.map((check) => check.id));
    const rows = Object.values(EXPECTED).flatMap((e) => ('fails' in e ? [...e.fails, ...(e.degrades ?? [])] : []));
    expect(rows.filter((id) => !known.has(id))).toEqual([]);
  });

  test('every fault named in the matrix exists in the catalogue', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });
});
