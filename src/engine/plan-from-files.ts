import { basename } from 'node:path';
import { catalogue } from '../checks/catalogue';
import { loadContracts } from '../contracts/manifest';
import { engineModule } from '../files/engine-file';
import { runAppOperations } from '../targets/run-app-operations';
import { suiteTargets } from '../targets/targets-file';
import { AREA_TITLES, type SuitePlan } from './suite-plan';

/**
 * The suite's plan without an engine (`playwright test --list`, which starts none, and `npm start`
 * counting what a --grep selects): from the targets file and our operations.
 */
export function suitePlanFromFiles(env: NodeJS.ProcessEnv = process.env): SuitePlan {
  const { names, contractsDir } = suiteTargets(env);
  return { targets: names, checks: catalogue(loadContracts(contractsDir), runAppOperations(env)).map(({ id, title, area }) => ({ id, title, area })) };
}

/**
 * What Playwright's --grep reads of a contract test (its `_grepTitleWithTags`, taken while the
 * project's suite is not yet in the root's, so the root's empty title is not in it): the project,
 * the file, the target's group, the area's, its own title and its tag, joined by spaces.
 * tests/contract/contracts.spec.ts lays the groups out.
 */
export function grepTitle(target: string, check: SuitePlan['checks'][number]): string {
  return ['contract', SUITE_FILE, ...(target ? [target] : []), AREA_TITLES[check.area], check.title, `@${check.area}`].join(' ');
}

/** The suite's file as Playwright titles it: its name in the project's folder (.ts here, .js installed). */
const SUITE_FILE = basename(engineModule('tests/contract/contracts.spec'));

/** A --grep's pattern as Playwright makes it (forceRegExp): /pattern/flags as written, otherwise case-insensitive. Throws on a pattern that is no regular expression, with V8's words, as Playwright does. */
export function grepPattern(value: string): RegExp {
  const literal = /^\/(.*)\/([gi]*)$/.exec(value);
  // Without 'g': test() would carry lastIndex from one title to the next (Playwright resets it).
  return literal ? new RegExp(literal[1]!, literal[2]!.replace('g', '')) : new RegExp(value, 'i');
}

/**
 * Options of `playwright test` that leave every test selected, each with whether it takes a value:
 * a run with no other option selects every test (and begins every check in its global setup), and
 * one with these and greps alone selects what its greps select.
 */
export const SELECTS_EVERY_TEST: Readonly<Record<string, { takesValue: boolean }>> = {
  '--config': { takesValue: true },
  '-c': { takesValue: true },
  '--workers': { takesValue: true },
  '-j': { takesValue: true },
  '--reporter': { takesValue: true },
  '--output': { takesValue: true },
  '--timeout': { takesValue: true },
  '--global-timeout': { takesValue: true },
  '--retries': { takesValue: true },
  '--max-failures': { takesValue: true },
  '-x': { takesValue: false },
  '--quiet': { takesValue: false },
  '--forbid-only': { takesValue: false },
  '--fail-on-flaky-tests': { takesValue: false },
};
