import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import type { ProjectSettings } from './project-settings';

/** How a file of the user's says it is a check of the run: a line of it imports our test (a mention in a string or a comment is not one). */
const IMPORTS_OUR_TEST = /^\s*import\s[^;]*?\bfrom\s*['"]pluvo-contract-monitor\/test['"]/m;
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const NEVER = new Set(['node_modules', '.git', 'reports', 'dist']);

/**
 * The user's own checks: the files under the settings' checks folder that import our test, and
 * only those, so that a folder shared with other Playwright tests (an application's end-to-end
 * tests, with a browser) lends the run none of them.
 */
export function ownCheckFiles(settings: Pick<ProjectSettings, 'checks'>, root = process.cwd()): { dir: string; files: string[] } | undefined {
  if (!settings.checks) return undefined;
  const dir = resolve(root, settings.checks);
  let found: string[];
  try {
    found = filesUnder(dir);
  } catch (error) {
    // Not written yet: no checks of the user's own (init names the folder before there is one).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { dir, files: [] };
    throw new ConfigError(
      `pluvo-monitor.json checks`,
      `names ${settings.checks}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'Name the folder of your own checks, or leave "checks" out',
    );
  }
  return { dir, files: found.filter((file) => IMPORTS_OUR_TEST.test(readFileSync(file, 'utf8'))) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (NEVER.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return SCRIPT.test(name) ? [path] : [];
  });
}
