import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import { readJsonFile } from '../config/json-file';
import { engineData } from '../files/engine-file';
import { generatedFiles, isGenerated } from './generated-files';
import { namingSchema, schemaReference } from './migrations';
import { initialSettingsFile, readProjectSettings, SETTINGS_FILE } from '../config/project-settings';

/**
 * `pluvo-monitor init` in a repository: what a user owns is written once, when absent, and never
 * again (the settings, an example contract with its snapshot, .env.example, the npm scripts);
 * what is generated (the workflows) is rewritten from the settings each time, while it still says
 * it is generated. Run twice, the second run writes nothing that the first did not leave the same.
 */
export interface InitStep {
  path: string;
  /** written: new; updated: a generated file regenerated with a change; kept: left as it was. */
  did: 'written' | 'updated' | 'kept';
  why?: string;
}

/** The npm scripts a repository gets, under this repository's names, so every line our commands print holds there too. */
const NPM_SCRIPTS: Record<string, string> = {
  start: 'pluvo-monitor run',
  onboard: 'pluvo-monitor onboard',
  monitor: 'pluvo-monitor monitor',
  alert: 'pluvo-monitor alert',
  sandbox: 'pluvo-monitor sandbox',
  'schema:pull': 'pluvo-monitor schema pull',
  'schemas:generate': 'pluvo-monitor schemas generate',
  baseline: 'pluvo-monitor baseline',
};

/** What a repository must never commit: the credentials' file and the reports. */
const IGNORED = ['.env', 'reports/'];

/** The example a repository starts from: the sandbox organisation's own operations and snapshot, which the embedded sandbox answers. */
const EXAMPLE = { contracts: 'tests/fixtures/sandbox-org/contracts', schemas: 'tests/fixtures/sandbox-org/schemas' };

export function initialise(root: string, version: string): InitStep[] {
  const at = (path: string) => resolve(root, path);
  const steps: InitStep[] = [];
  // Each says whether it wrote: a file of the user's, once there, is theirs.
  const once = (shown: string, path: string, write: () => void): boolean => {
    const written = !existsSync(at(path));
    if (written) write();
    steps.push(written ? { path: shown, did: 'written' } : { path: shown, did: 'kept', why: 'yours' });
    return written;
  };
  const writeOnce = (path: string, content: () => string) =>
    once(path, path, () => {
      mkdirSync(dirname(at(path)), { recursive: true });
      writeFileSync(at(path), content());
    });
  const copyOnce = (path: string, from: string) => once(`${path}/`, path, () => cpSync(engineData(from), at(path), { recursive: true }));

  steps.push(packageScripts(at('package.json')));
  // Each JSON file names its editor schema where the package has it, from its own folder.
  writeOnce(SETTINGS_FILE, () => initialSettingsFile(schemaReference(at(SETTINGS_FILE), 'pluvo-monitor.schema.json')));
  if (copyOnce('contracts', EXAMPLE.contracts)) withSchema(at('contracts/manifest.json'), 'manifest.schema.json');
  copyOnce('schemas', EXAMPLE.schemas);
  writeOnce('.env.example', () => readFileSync(engineData('.env.example'), 'utf8'));
  writeOnce('targets.json.example', () =>
    namingSchema(readFileSync(engineData('targets.json.example'), 'utf8'), schemaReference(at('targets.json.example'), 'targets.schema.json')),
  );
  steps.push(ignoreLines(at('.gitignore')));

  // The settings decide the generated files: a broken settings file is the user's mistake, said before any is touched.
  const settings = readProjectSettings(at(SETTINGS_FILE));
  for (const file of generatedFiles(settings, version, organisationsIn(at(settings.monitor.targets)))) {
    const path = at(file.path);
    const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (before !== undefined && !isGenerated(before)) {
      steps.push({ path: file.path, did: 'kept', why: 'yours: it does not say it is generated, so it is not replaced' });
      continue;
    }
    if (before === file.content) {
      steps.push({ path: file.path, did: 'kept', why: 'generated, unchanged' });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    steps.push({ path: file.path, did: before === undefined ? 'written' : 'updated' });
  }
  return steps;
}

/** A JSON file of ours, copied from the engine, with its `$schema` naming the published schema from where it now is. */
function withSchema(path: string, schema: string): void {
  writeFileSync(path, namingSchema(readFileSync(path, 'utf8'), schemaReference(path, schema)));
}

/** package.json with our npm scripts where it has none of that name; created when the repository has none. */
function packageScripts(path: string): InitStep {
  let manifest: { scripts?: Record<string, string> } & Record<string, unknown>;
  let indent = 2;
  const exists = existsSync(path);
  if (exists) {
    const text = readFileSync(path, 'utf8');
    try {
      manifest = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(
        'package.json',
        `is not JSON (${(error as Error).message})`,
        'Fix it (npm cannot read it either), then run pluvo-monitor init again',
      );
    }
    indent = /^\{\r?\n(\s+)/.exec(text)?.[1]?.length ?? 2;
  } else {
    manifest = {
      name: basename(dirname(path))
        .toLowerCase()
        .replace(/[^a-z0-9._-]/g, '-'),
      private: true,
    };
  }
  const scripts = { ...manifest.scripts };
  const added = Object.entries(NPM_SCRIPTS).filter(([name]) => scripts[name] === undefined);
  if (exists && !added.length) return { path: 'package.json', did: 'kept', why: 'has the npm scripts' };
  for (const [name, command] of added) scripts[name] = command;
  writeFileSync(path, `${JSON.stringify({ ...manifest, scripts }, null, indent)}\n`);
  return { path: 'package.json', did: exists ? 'updated' : 'written', why: `npm scripts ${added.map(([name]) => name).join(', ')}` };
}

/** .gitignore with the lines it lacks of ours, appended; nothing of the user's is changed. */
function ignoreLines(path: string): InitStep {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  // reports, reports/, /reports and /reports/ all keep the folder out.
  const bare = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const lines = new Set(text.split(/\r?\n/).map(bare));
  const missing = IGNORED.filter((line) => !lines.has(bare(line)));
  if (!missing.length) return { path: '.gitignore', did: 'kept', why: 'ignores .env and reports/' };
  writeFileSync(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  return { path: '.gitignore', did: text ? 'updated' : 'written', why: `ignores ${missing.join(' and ')}` };
}

/** Whether the repository at root depends on the package (init run through npx without it installed says to install it). */
export function dependsOnPackage(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies'].some((field) => manifest[field]?.['pluvo-contract-monitor'] !== undefined);
  } catch {
    return false;
  }
}

/** How many organisations the targets file lists (one without a file): how many pods a Kubernetes run has by default. */
function organisationsIn(path: string): number {
  if (!existsSync(path)) return 1;
  const parsed = readJsonFile(path, 'Fix the targets file (json-schemas/targets.schema.json says what each key holds)') as { targets?: unknown };
  return Array.isArray(parsed.targets) ? parsed.targets.length : 1;
}
