import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PLAYWRIGHT_CLI } from '../support/playwright-cli';
import { endedChildrenCpuSeconds } from './run-concurrency';

/** Playwright alone did not run as meant: the bench says why instead of a floor. */
export class FloorFailed extends Error {}

/** What Playwright alone costs for a suite of empty tests, as ours is laid out: wall and CPU seconds. */
export interface FloorRun {
  tests: number;
  failing: number;
  seconds: number;
  cpuSeconds: number;
}

/**
 * Playwright with nothing of ours: `groups` groups of 47 empty tests (as many as our catalogue's checks, a
 * group an organisation, in a parallel file, as tests/contract/contracts.spec.ts lays them out) on two workers, Playwright's base test without the browser's
 * fixtures, as our contract suite uses it; `failing` of them throw. What a run of ours costs beyond this is ours.
 */
export async function playwrightAlone(groups: number, failing = 0): Promise<FloorRun> {
  // Beneath the project, so that the suite finds @playwright/test; reports/ is not committed.
  mkdirSync('reports', { recursive: true });
  const dir = resolve(mkdtempSync(join('reports', 'bench-playwright-')));
  try {
    writeFileSync(
      join(dir, 'floor.config.mjs'),
      `export default { testDir: '.', testMatch: 'floor.spec.mjs', workers: 2, retries: 0, reporter: 'dot', outputDir: 'test-results' };\n`,
    );
    writeFileSync(
      join(dir, 'floor.spec.mjs'),
      [
        `import * as playwright from '@playwright/test';`,
        `const test = playwright._baseTest ?? playwright.test;`,
        `test.describe.configure({ mode: 'parallel' });`,
        `let failing = ${failing};`,
        `function checks() {`,
        `  for (let check = 0; check < 47; check++) {`,
        // Spread through the suite, as broken checks are.
        `    const fails = check % 4 === 0 && failing-- > 0;`,
        `    test('check ' + check, () => { if (fails) throw new Error('broken'); });`,
        `  }`,
        `}`,
        // As our suite: one organisation's checks each a job of their own; with several, a group each.
        `if (${groups} === 1) checks();`,
        `else for (let group = 0; group < ${groups}; group++)`,
        `  test.describe('org-' + group, () => { test.describe.configure({ mode: 'default' }); checks(); });`,
        '',
      ].join('\n'),
    );
    const cpuBefore = endedChildrenCpuSeconds();
    const started = performance.now();
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '--config', join(dir, 'floor.config.mjs')], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    // A floor that did not run is no floor: said, not printed as 0 s.
    if (code !== (failing ? 1 : 0))
      throw new FloorFailed(`Playwright alone exited ${code} for ${groups * 47} empty tests: ${stderr.trim().split('\n').find(Boolean) ?? 'no message'}`);
    return { tests: groups * 47, failing, seconds: (performance.now() - started) / 1000, cpuSeconds: endedChildrenCpuSeconds() - cpuBefore };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
