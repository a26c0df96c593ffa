import { test, expect } from '../contract/base-test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSelected, listedByPlaywright } from '../../scripts/support/selection';
import { setProcessEnv } from '../support/process-env';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { scratchDir } from '../support/scratch';
import { ourScript } from '../support/our-script';

/**
 * What a narrowed `npm start` counts before it runs: a --grep that selects nothing is the user's
 * mistake, one line and exit 2. Counted in-process for --grep and --grep-invert, it must be what
 * Playwright's own `--list` selects (the oracle), titles, tags, targets and pattern syntax alike.
 */
function withEnv<T>(env: NodeJS.ProcessEnv, work: () => T): T {
  const restoreEnv = setProcessEnv(env);
  try {
    return work();
  } finally {
    restoreEnv();
  }
}

// One test a selection, so that Playwright's listings (the oracle, a process each) run side by side.
for (const args of [
  ['--grep', '@auth|CERTIFICATES'],
  // The path as Playwright reads it: the project, the file, the target, the area, the title.
  ['--grep', '/^contract contracts\\.spec\\.ts globex response shapes Certificates/'],
  ['--grep', 'paging', '--grep-invert', 'acme'],
])
  test(`counted in-process, ${args.join(' ')} selects what Playwright selects (tags, titles in any case, a literal pattern over the whole title path, an invert by target)`, () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-selection-'));
    const targets = join(dir, 'targets.json');
    const entry = (name: string) => ({ name, baseUrl: `https://${name}.example`, clientIdEnv: 'ORG_ID', clientSecretEnv: 'ORG_SECRET' });
    writeFileSync(targets, JSON.stringify({ targets: [entry('acme'), entry('globex')] }));
    const env = { ...sandboxOnlyEnv(), PLUVO_TARGETS: targets, ORG_ID: 'id', ORG_SECRET: 'secret' };
    const counted = withEnv(env, () => countSelected(args));
    expect(counted, args.join(' ')).toEqual(withEnv(env, () => listedByPlaywright(args)));
    expect((counted as { count: number }).count, args.join(' ')).toBeGreaterThan(0);
  });

test('a --grep that selects no check, and one that is no regular expression: one line each, exit 2, before the run', () => {
  for (const [grep, said] of [
    [
      'no-such-check-at-all',
      'npm start: --grep no-such-check-at-all selects no check. Tags are @auth, @transport, @paging, @shape and @schema; titles are listed by npm start -- --list.',
    ],
    ['(unclosed', 'npm start: --grep (unclosed: Invalid regular expression: /(unclosed/i: Unterminated group. See npm start -- --help.'],
  ]) {
    const run = spawnSync(...ourScript('scripts/start.ts', ['--grep', grep!]), { env: sandboxOnlyEnv(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([said]);
  }
});

test("a CI's PLAYWRIGHT_JSON_OUTPUT_FILE moves neither Playwright's listing nor our results.json", async () => {
  const elsewhere = join(mkdtempSync(join(scratchDir(), 'pluvo-selection-')), 'other-suite.json');
  const env = {
    ...sandboxOnlyEnv(),
    PLUVO_TARGETS: 'none',
    PLUVO_CONTRACTS_DIR: '',
    PLAYWRIGHT_JSON_OUTPUT_FILE: elsewhere,
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'other-suite.json',
  };
  expect(withEnv(env, () => listedByPlaywright(['--grep', '@auth']))).toEqual({ count: 9 });
  expect(existsSync(elsewhere)).toBe(false);
});
