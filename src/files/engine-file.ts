import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the engine's own files are: this repository in development, or the installed package's
 * dist/, which `npm run build` lays out the same way. A user's files (contracts/, schemas/,
 * targets.json, reports/) are always where the command runs; the engine's never are.
 */
const here = fileURLToPath(import.meta.url);
/** The folder that holds src/, scripts/ and playwright.config: this file is src/files/engine-file. */
export const ENGINE_ROOT = join(here, '..', '..', '..');
/** `.ts` here, `.js` where the package is installed: the modules Playwright and Node load. */
const MODULE_EXTENSION = extname(here);

/** A module of the engine by its path from the root without extension ("src/engine/begin-reporter"), as an absolute path. */
export function engineModule(path: string): string {
  return join(ENGINE_ROOT, `${path}${MODULE_EXTENSION}`);
}

/** A data file of the engine ("json-schemas/targets.schema.json"), as an absolute path. */
export function engineData(path: string): string {
  return join(ENGINE_ROOT, path);
}

/** The arguments that make Node run one of the engine's scripts: TypeScript here needs tsx, the package's JavaScript does not. */
export function nodeArgumentsFor(script: string): string[] {
  return MODULE_EXTENSION === '.ts' ? ['--import', 'tsx', engineModule(script)] : [engineModule(script)];
}

/** The package's version: its package.json is the engine's root here, and the folder above dist/ once built. */
export function packageVersion(): string {
  for (const path of [join(ENGINE_ROOT, 'package.json'), join(ENGINE_ROOT, '..', 'package.json')]) {
    try {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'pluvo-contract-monitor' && manifest.version) return manifest.version;
    } catch {
      // Not this one: built, the root is dist/ and the package.json is above it.
    }
  }
  return 'unknown';
}
