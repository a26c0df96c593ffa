import { test, expect } from '../contract/base-test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every environment variable the product reads is a setting someone may set, documented in
 * .env.example; none carries a run's state from one of its processes to another (the engine holds
 * that in memory: src/engine/engine.ts).
 */
const PRODUCT = ['src', 'scripts', 'sandbox', 'bin', 'tests/contract', 'playwright.config.ts', 'playwright.merge.config.ts'];
/** Text, not code: the workflows `pluvo-monitor init` writes, whose `env.X` are GitHub Actions' expressions in a job. */
const NOT_READ_HERE = ['src/setup/generated-files.ts'];

function files(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/** Names read as process.env.X, env.X, env['X'], read…(env, 'X') or declared as a …VARIABLE constant. */
function variablesRead(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  const pattern =
    /(?:process\.env|\benv)\.([A-Z][A-Z0-9_]+)|(?:process\.env|\benv)\[['"]([A-Z][A-Z0-9_]+)['"]\]|\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]+)['"]|VARIABLE\s*=\s*['"]([A-Z][A-Z0-9_]+)['"]/g;
  for (const file of PRODUCT.flatMap(files).filter((file) => !NOT_READ_HERE.includes(file))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const name = match.slice(1).find(Boolean)!;
      read.set(name, [...(read.get(name) ?? []), file]);
    }
  }
  return read;
}

test.describe('settings', () => {
  test('every variable the product reads is documented in .env.example', () => {
    const documented = readFileSync('.env.example', 'utf8');
    const read = variablesRead();
    // The scan is real: it finds the settings we know are read.
    expect([...read.keys()]).toEqual(expect.arrayContaining(['PLUVO_ORG', 'PLUVO_CONCURRENCY', 'SLACK_WEBHOOK_URL', 'PLUVO_ONLY_TARGETS']));
    // CI is the environment's own (GitHub Actions and every CI system set it), not ours to document.
    const undocumented = [...read].filter(([name]) => name !== 'CI' && !new RegExp(`^#?${name}=`, 'm').test(documented));
    expect(undocumented).toEqual([]);
  });

  test("no variable carries a run's state between its processes: the run folder's nine are gone", () => {
    const read = variablesRead();
    const gone = [
      'PLUVO_REQUEST_LEDGER',
      'PLUVO_RUN_SECRETS',
      'PLUVO_PREFLIGHT',
      'PLUVO_OWN_FILES_CHECKED',
      'PLUVO_FILES_CHECKED_BY_RUNNER',
      'TEST_WORKER_INDEX',
    ];
    expect(gone.filter((name) => read.has(name))).toEqual([]);
    // Nothing of ours writes a variable for a process it starts, but a command-line flag turned into
    // the documented setting it stands for: --full, --target, --every.
    const flags = ['scripts/monitor.ts: MONITOR_EVERY', 'scripts/start.ts: PLUVO_ONLY_TARGETS', 'scripts/start.ts: PLUVO_WALK'];
    const written = PRODUCT.flatMap(files).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]+)|\[([A-Z][A-Z0-9_]+)\])\s*(?:\|\|=|\?\?=|=(?!=))/g)].map(
        (match) => `${file}: ${match[1] ?? match[2]!.replace(/^ONLY_TARGETS_VARIABLE$/, 'PLUVO_ONLY_TARGETS')}`,
      ),
    );
    expect(written.sort()).toEqual(flags);
    const documented = readFileSync('.env.example', 'utf8');
    expect(flags.map((line) => line.split(': ')[1]!).filter((name) => !new RegExp(`^#?${name}=`, 'm').test(documented))).toEqual([]);
  });
});
