import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { SETTINGS_FILE } from '../config/project-settings';
import { engineData } from '../files/engine-file';

/**
 * Changes to the format of a user's files, each with how to tell it is due and how to make it.
 * `pluvo-monitor migrate` makes every one that is due, as the smallest edit a reviewer can read in
 * `git diff`; a run says when one is due and carries on.
 *
 * The one so far: a repository that forked this one, or took our example, names its editor
 * schemas by a path into this repository (`"$schema": "../json-schemas/manifest.schema.json"`),
 * which is not there once it depends on the package instead.
 */
export interface DueMigration {
  file: string;
  /** What is due, in a line. */
  says: string;
  /** The file's text after the change. */
  after: string;
}

/** The user's JSON files that name one of our published schemas, and which. */
function schemaFiles(root: string, contractsDir: string, targetsFile: string | undefined): Array<{ file: string; schema: string }> {
  return [
    { file: join(contractsDir, 'manifest.json'), schema: 'manifest.schema.json' },
    ...(targetsFile ? [{ file: targetsFile, schema: 'targets.schema.json' }] : []),
    { file: SETTINGS_FILE, schema: 'pluvo-monitor.schema.json' },
  ].map(({ file, schema }) => ({ file: isAbsolute(file) ? file : join(root, file), schema }));
}

/** The `$schema` a file at `file` should name: the published schema where the engine is, from the file's folder. */
export function schemaReference(file: string, schema: string): string {
  const path = relative(dirname(file), engineData(join('json-schemas', schema)))
    .split('\\')
    .join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const SCHEMA_LINE = /("\$schema"\s*:\s*")([^"]*)(")/;

/** The JSON text with its `$schema` naming `reference`, and nothing else changed: a one-line diff. */
export function namingSchema(text: string, reference: string): string {
  return text.replace(SCHEMA_LINE, `$1${reference}$3`);
}

/** Every migration due in the repository at root: nothing when its files are as this version writes them. */
export function dueMigrations(root: string, options: { contractsDir: string; targetsFile: string | undefined }): DueMigration[] {
  return schemaFiles(root, options.contractsDir, options.targetsFile).flatMap(({ file, schema }) => {
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const named = SCHEMA_LINE.exec(text)?.[2];
    // Not ours to change: no $schema, a URL, or a path that is there.
    if (!named || /^[a-z]+:\/\//i.test(named) || existsSync(resolve(dirname(file), named))) return [];
    const wanted = schemaReference(file, schema);
    if (wanted === named) return [];
    const shown = relative(root, file) || file;
    return [{ file, says: `${shown}: "$schema" names ${named}, which is not there; the published schema is ${wanted}`, after: namingSchema(text, wanted) }];
  });
}

/** Make the migrations: each file rewritten with its one change. */
export function migrate(due: readonly DueMigration[]): void {
  for (const migration of due) writeFileSync(migration.file, migration.after);
}
