import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { scratchDir } from './scratch';

/** Where our fixture organisation's contracts/ and schemas/ are kept. */
const SANDBOX_ORG_DIR = 'tests/fixtures/sandbox-org';

/**
 * The engine's code, which no command writes: with `sharedCode`, these are links to this
 * checkout's. Playwright keys its transform cache by a file's path, so code at a path of its own
 * is compiled afresh: a run's first start in a copy cost 8 s of CPU against 4 s (measured), for
 * code no different from this checkout's.
 */
const ENGINE_CODE = ['src', 'scripts', 'sandbox', 'bin', 'tests/contract'];

/**
 * A fresh copy of this project, as a new user's clone would be: the files git tracks and the new
 * ones it does not ignore, committed in a repository of its own, with node_modules linked (no
 * install needed). What a command changes there shows up in `git status`, and the real checkout
 * is never touched. `sharedCode` links the engine's code instead of copying it (ENGINE_CODE); a
 * command that builds the package from its own folder (npm pack) needs its own.
 */
export function freshProjectCopy(options: { asShipped?: boolean; sharedCode?: boolean } = {}): { dir: string; changedFiles: () => string[] } {
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-fresh-'));
  // Regular files only: a node_modules that is a link (which `node_modules/` in .gitignore does
  // not match) or any other link is not part of a clone.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && file !== 'node_modules' && lstatSync(file, { throwIfNoEntry: false })?.isFile())
    .filter((file) => !options.sharedCode || !ENGINE_CODE.some((folder) => file.startsWith(`${folder}/`)));
  if (options.sharedCode)
    for (const folder of ENGINE_CODE) {
      mkdirSync(dirname(join(dir, folder)), { recursive: true });
      symlinkSync(resolve(folder), join(dir, folder));
    }
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(file, join(dir, file));
  }
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  // The project as a new user clones it: our fixture organisation's operations and schemas, and no
  // targets file, whatever this checkout's user has onboarded, added to contracts/ or listed.
  if (options.asShipped) {
    for (const folder of ['contracts', 'schemas']) {
      rmSync(join(dir, folder), { recursive: true, force: true });
      cpSync(join(SANDBOX_ORG_DIR, folder), join(dir, folder), { recursive: true });
    }
    rmSync(join(dir, 'targets.json'), { force: true });
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'fresh clone');
  return {
    dir,
    changedFiles: () =>
      git('status', '--porcelain', '--untracked-files=all')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(3))
        .filter((path) => !path.startsWith('reports/'))
        .sort(),
  };
}
