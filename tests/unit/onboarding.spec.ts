import { test, expect } from '../contract/base-test';
import { TargetFile } from '../../src/knowledge/target-file';
import { CheckRecorder, type CheckContext } from '../../src/checks/check';
import { expectPinned } from '../../src/checks/pinned-behaviour';
import { loadConfig } from '../../src/config/load-config';

/** What happens to behaviour the docs leave open on a target's first observation, in and out of CI. */
function observe(env: { CI?: string }, options: { pinning?: boolean; pinned?: string } = {}) {
  const config = loadConfig({ PLUVO_BASE_URL: 'https://acme.example', PLUVO_CLIENT_ID: 'id', PLUVO_CLIENT_SECRET: 'secret-123', ...env });
  const baseline = TargetFile.inMemory<string>(options.pinned ? { 'https://acme.example': { 'over-limit:paginatedUsers': options.pinned } } : {});
  const context = { config, baseline, knowledge: { baselinePath: 'schemas/baseline.json' }, pinning: options.pinning ?? false } as unknown as CheckContext;
  const recorder = new CheckRecorder();
  expectPinned(recorder, context, { key: 'over-limit:paginatedUsers', what: 'first: 51', observed: 'error', describe: (v) => v });
  return { result: recorder.result(), pinned: baseline.get('https://acme.example', 'over-limit:paginatedUsers') };
}

test.describe('onboarding: pins are made on purpose, never silently in CI', () => {
  test('outside CI, a first observation is pinned, with a note to commit it', () => {
    const { result, pinned } = observe({});
    expect(pinned).toBe('error');
    expect(result.findings).toEqual([
      { severity: 'info', message: expect.stringContaining('to be pinned in schemas/baseline.json; review and commit that file') },
    ]);
    // Kept in memory for the run's later checks; written by the reporter once the run completes.
    expect(result.pins).toEqual([{ file: 'schemas/baseline.json', target: 'https://acme.example', key: 'over-limit:paginatedUsers', value: 'error' }]);
  });

  test('in CI, a target with no pin is "not onboarded", in its own category, and nothing is pinned', () => {
    const { result, pinned } = observe({ CI: 'true' });
    expect(pinned).toBeUndefined();
    expect(result.findings.map((f) => f.cause)).toEqual(['config']);
    expect(result.pins).toBeUndefined();
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Not onboarded: first: 51 gives error on https:\/\/acme\.example, .*Run `npm run onboard`/),
    ]);
  });

  test('in CI, onboarding itself pins, and a pinned target is compared as always', () => {
    expect(observe({ CI: 'true' }, { pinning: true }).pinned).toBe('error');
    expect(observe({ CI: 'true' }, { pinned: 'error' }).result.findings).toEqual([]);
    expect(observe({ CI: 'true' }, { pinned: 'clamp' }).result.findings[0]?.message).toMatch(/^first: 51 used to give clamp/);
  });
});
