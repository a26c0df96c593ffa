import { test, expect } from '../contract/base-test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { scratchDir } from '../support/scratch';
import { ourScript } from '../support/our-script';

const BIOME = resolve('node_modules/.bin/biome');

/** Biome's lint of a folder holding these files beside our biome.json, as file: rule lines. */
function lint(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-layers-'));
  // The schema path is for editors; the copy points nowhere it could miss.
  const config = JSON.parse(readFileSync('biome.json', 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(BIOME, ['lint', '--reporter=github', '.'], { cwd: dir, encoding: 'utf8' });
  return [...run.stdout.matchAll(/^::error title=([^,]+),file=([^,]+),/gm)].map((m) => `${m[2]!.slice(dir.length + 1)}: ${m[1]}`).sort();
}

/**
 * The layers run one way (biome.json): sandbox/ is a program of its own that imports nothing from
 * the harness, and src/ reaches the sandbox only through src/embedded/embedded-sandbox.ts. The
 * rule is shown to catch both crossings and to let the one door through; `npm run lint` (in
 * .ci/run) applies it, with the formatter's check, to the whole tree.
 */
test.describe('one-way layers', () => {
  test('the rule is real: sandbox/ importing src/, and src/ importing sandbox/ past its one door, are caught', () => {
    expect(
      lint({
        'sandbox/probe.ts': "import { loadConfig } from '../src/config/load-config';\nexport const probe = loadConfig;\n",
        'src/checks/probe.ts': "import { startSandbox } from '../../sandbox/server';\nexport const probe = startSandbox;\n",
        'src/embedded/embedded-sandbox.ts': "import { startSandbox } from '../../sandbox/server';\nexport const door = startSandbox;\n",
        'tests/probe.ts': "import { startSandbox } from '../sandbox/server';\nexport const probe = startSandbox;\n",
      }),
    ).toEqual(['sandbox/probe.ts: lint/style/noRestrictedImports', 'src/checks/probe.ts: lint/style/noRestrictedImports']);
  });

  test('an import cycle anywhere is caught, one through a type import too', () => {
    expect(
      lint({
        'src/a/one.ts': "import type { Two } from '../b/two';\nexport interface One { two?: Two }\n",
        'src/b/two.ts': "import type { One } from '../a/one';\nexport interface Two { one?: One }\n",
      }),
    ).toEqual(['src/a/one.ts: lint/suspicious/noImportCycles', 'src/b/two.ts: lint/suspicious/noImportCycles']);
  });

  test('a folder edge src/DEPS.list does not allow is one line naming the file, the import and the rule', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-deps-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('src/DEPS.list', readFileSync('src/DEPS.list', 'utf8'));
    write(
      'src/config/load-config.ts',
      "import { AREAS } from './areas';\nimport { judgeCheck } from '../outcome/check-outcome';\nexport const x = [AREAS, judgeCheck];\n",
    );
    write(
      'src/checks/check.ts',
      "// import { nothing } from '../report/x';\nimport { startSandbox } from '../../sandbox/server';\nexport const y = startSandbox;\n",
    );
    write('src/embedded/embedded-sandbox.ts', "import { startSandbox } from '../../sandbox/server';\nexport const z = startSandbox;\n");
    write('src/newfolder/thing.ts', 'export const w = 1;\n');
    const run = spawnSync(...ourScript('scripts/check-deps.ts', [dir]), { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n').sort()).toEqual([
      'check-deps: src/checks/check.ts: imports ../../sandbox/server, but src/checks/ may not import from sandbox/ (src/DEPS.list).',
      'check-deps: src/config/load-config.ts: imports ../outcome/check-outcome, but src/config/ may not import from src/outcome/ (src/DEPS.list).',
      'check-deps: src/newfolder/thing.ts: src/newfolder/ is not in src/DEPS.list; add it with the folders it may import from.',
    ]);
  });

  test('the tree as it is passes the lint and the folder rules', () => {
    const run = spawnSync(BIOME, ['lint', '.'], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const deps = spawnSync(...ourScript('scripts/check-deps.ts'), { encoding: 'utf8' });
    expect(deps.status, deps.stderr).toBe(0);
  });
});
