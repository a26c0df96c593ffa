import { spawnSync } from 'node:child_process';
import { PLAYWRIGHT_CLI } from './playwright-cli';
import { ownCheckFiles } from '../../src/config/own-checks';
import { readProjectSettings } from '../../src/config/project-settings';
import { grepPattern, grepTitle, SELECTS_EVERY_TEST, suitePlanFromFiles } from '../../src/engine/plan-from-files';
import { engineModule } from '../../src/files/engine-file';
import { withoutColour } from '../../src/text/shown';

/**
 * How many checks a narrowed run selects, as Playwright itself selects them: a --grep that matches
 * nothing is the user's mistake, said before the run, not a run that "failed" because no check ran.
 *
 * A run narrowed by --grep and --grep-invert alone (the usual) is counted here, from the suite's
 * plan with Playwright's own reading of a pattern and of a test's titles (src/engine/plan-from-
 * files.ts; a test holds the two counts equal): a second Playwright process cost every such run a
 * second of CPU and of waiting. Anything else (a --project, a --shard, the user's own checks, whose
 * titles only their files know) is asked of Playwright's `--list`, which loads the suite and runs
 * nothing. Playwright's own complaint (an invalid regular expression, an unknown project) comes back
 * as its first line, as does V8's here.
 */
export function countSelected(playwrightArgs: readonly string[]): { count: number } | { problem: string } {
  const greps = grepsAlone(playwrightArgs);
  if (greps && !ownChecksConfigured()) {
    let grep: RegExp | undefined;
    let invert: RegExp | undefined;
    try {
      grep = greps.grep === undefined ? undefined : grepPattern(greps.grep);
      invert = greps.invert === undefined ? undefined : grepPattern(greps.invert);
    } catch (error) {
      return { problem: firstLine((error as Error).message) };
    }
    const { targets, checks } = suitePlanFromFiles();
    const titles = targets.flatMap((target) => checks.map((check) => grepTitle(target, check)));
    return { count: titles.filter((title) => (!grep || grep.test(title)) && !invert?.test(title)).length };
  }
  return listedByPlaywright(playwrightArgs);
}

/** The last --grep and --grep-invert given (as Playwright takes them), when nothing else narrows the run; otherwise undefined. */
function grepsAlone(args: readonly string[]): { grep?: string; invert?: string } | undefined {
  const found: { grep?: string; invert?: string } = {};
  for (let index = 0; index < args.length; index++) {
    const name = args[index]!;
    // Our own parser has made every option `--name value` (scripts/support/run-arguments.ts).
    if (name === '--grep' || name === '--grep-invert') found[name === '--grep' ? 'grep' : 'invert'] = args[++index];
    else if (SELECTS_EVERY_TEST[name]) index += SELECTS_EVERY_TEST[name].takesValue ? 1 : 0;
    else return undefined;
  }
  return found;
}

/** Whether the user's own Playwright checks join the run (pluvo-monitor.json "checks"): only their files know their titles. */
function ownChecksConfigured(): boolean {
  try {
    return !!ownCheckFiles(readProjectSettings())?.files.length;
  } catch {
    // A broken settings file is said by the run itself; Playwright's listing meets it first.
    return true;
  }
}

/** The count as Playwright's own `--list` gives it: the run's suite loaded, nothing run, no global setup, no request. */
export function listedByPlaywright(playwrightArgs: readonly string[]): { count: number } | { problem: string } {
  const listed = spawnSync(
    process.execPath,
    [PLAYWRIGHT_CLI, 'test', '--config', engineModule('playwright.config'), '--list', '--reporter=json', ...playwrightArgs],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  try {
    const report = JSON.parse(listed.stdout) as { suites?: Suite[]; errors?: Array<{ message?: string }> };
    const error = report.errors?.[0]?.message;
    if (error && !/no tests found/i.test(error)) return { problem: firstLine(error) };
    return { count: (report.suites ?? []).reduce((sum, suite) => sum + tests(suite), 0) };
  } catch {
    return { problem: firstLine(listed.stderr || listed.stdout || `playwright --list exited ${listed.status}`) };
  }
}

interface Suite {
  suites?: Suite[];
  specs?: Array<{ tests?: unknown[] }>;
}

const tests = (suite: Suite): number =>
  (suite.specs ?? []).reduce((sum, spec) => sum + (spec.tests?.length ?? 0), 0) + (suite.suites ?? []).reduce((sum, child) => sum + tests(child), 0);

const firstLine = (text: string) =>
  (
    withoutColour(text)
      .split('\n')
      .find((line) => line.trim()) ?? ''
  )
    .replace(/^Error: /, '')
    .trim();
