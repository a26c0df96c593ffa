import { findAppOperations, type AppOperation } from '../contracts/app-operations';
import { readTarget, type Env } from '../config/load-config';
import { readProjectSettings } from '../config/project-settings';
import { targetsPath } from './targets-file';

/**
 * The operations the application keeps in its own files (pluvo-monitor.json "operations"), for a
 * run of live organisations. The embedded sandbox is judged by our own fixtures alone, as the
 * demo run always is: an application's query of a field the sandbox does not serve is not news.
 *
 * A module of its own, apart from the targets file's: finding them needs GraphQL's parser and a
 * glob, which the processes that only read the targets (a run's Playwright worker, through
 * playwright.config.ts) need not load.
 */
export function runAppOperations(env: Env): AppOperation[] {
  const embeddedSandbox = !targetsPath(env) && readTarget(env).kind === 'sandbox';
  return embeddedSandbox ? [] : findAppOperations(readProjectSettings().operations);
}
