import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { getOperationAST, parse, Source, type DocumentNode } from 'graphql';
import { ConfigError } from '../config/config-error';

/** A value taken from another operation's response: the first non-null value at the path. */
export interface DerivedVariable {
  $from: string;
  $path: string;
}

export interface ContractOperation {
  name: string;
  /** contracts/<file>.graphql, as written in reports and errors. */
  documentPath: string;
  source: Source;
  document: DocumentNode;
  scopes: string[];
  variables: Record<string, unknown | DerivedVariable>;
  /** Its response schema's file name in a target's responses folder: <name>.schema.json. */
  schemaFile: string;
}

interface ManifestEntry {
  name?: unknown;
  document?: unknown;
  scopes?: unknown;
  variables?: unknown;
  schema?: unknown;
}

/**
 * Read contracts/manifest.json and the operations it names. Anything wrong (a missing file, an
 * operation that does not parse, a name that does not match) is one line naming the file.
 */
export function loadContracts(dir: string): ContractOperation[] {
  const manifestPath = join(dir, 'manifest.json');
  let manifest: { operations?: ManifestEntry[] };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new ConfigError(manifestPath, `cannot be read as JSON (${(error as Error).message})`, 'Fix the file; the README shows its shape');
  }
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.operations))
    throw new ConfigError(manifestPath, 'has no "operations" list', 'Add "operations": [ … ] as the README shows');
  const names = new Set<string>();
  return manifest.operations.map((entry, index) => {
    const where = `${manifestPath} operations[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ConfigError(where, 'is not an object', 'Give each operation as { "name": …, "document": …, "scopes": […] }');
    if (typeof entry.name !== 'string' || !/^[A-Za-z_]\w*$/.test(entry.name))
      throw new ConfigError(where, 'has no valid "name"', 'Give the GraphQL operation name, e.g. "UsersPage"');
    if (names.has(entry.name)) throw new ConfigError(where, `repeats the name ${entry.name}`, 'Give each operation its own name');
    names.add(entry.name);
    if (typeof entry.document !== 'string') throw new ConfigError(where, 'has no "document"', `Name its file, e.g. "${entry.name}.graphql"`);
    if (!Array.isArray(entry.scopes) || !entry.scopes.every((s) => typeof s === 'string'))
      throw new ConfigError(where, 'has no "scopes" list', 'List the scopes it needs, e.g. ["users.read"]');
    const variables = entry.variables ?? {};
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
      throw new ConfigError(where, '"variables" is not an object', 'Give an object, e.g. { "first": 50 }');
    // A path (the single-target layout wrote schemas/responses/X.schema.json) names its file: each
    // target keeps its own responses folder.
    const schemaFile = typeof entry.schema === 'string' ? basename(entry.schema) : `${entry.name}.schema.json`;

    const documentPath = join(dir, entry.document);
    let body: string;
    try {
      body = readFileSync(documentPath, 'utf8');
    } catch (error) {
      throw new ConfigError(
        documentPath,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        `Create it, or fix "document" of ${entry.name} in ${manifestPath}`,
      );
    }
    const source = new Source(body, documentPath);
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      const location = (error as { locations?: Array<{ line: number; column: number }> }).locations?.[0];
      const message = ((error as Error).message.split('\n')[0] ?? '').replace(/^Syntax Error: /, '').replace(/\.$/, '');
      throw new ConfigError(
        location ? `${documentPath}:${location.line}:${location.column}` : documentPath,
        `is not a valid GraphQL document: ${message}`,
        'Fix the syntax there',
      );
    }
    const operation = getOperationAST(document, entry.name);
    if (!operation)
      throw new ConfigError(documentPath, `has no operation named ${entry.name}`, `Name the operation "query ${entry.name} …", as in the manifest`);
    return { name: entry.name, documentPath, source, document, scopes: entry.scopes as string[], variables: variables as Record<string, unknown>, schemaFile };
  });
}

export function isDerived(value: unknown): value is DerivedVariable {
  return (
    typeof value === 'object' && value !== null && typeof (value as DerivedVariable).$from === 'string' && typeof (value as DerivedVariable).$path === 'string'
  );
}

/** The first non-null value at a dotted path in which `*` means "any item of this list". */
export function pickPath(data: unknown, path: string): unknown {
  const walk = (value: unknown, parts: string[]): unknown => {
    if (parts.length === 0) return value;
    const [head, ...rest] = parts;
    if (head === '*') {
      if (!Array.isArray(value)) return undefined;
      for (const item of value) {
        const found = walk(item, rest);
        if (found !== undefined && found !== null) return found;
      }
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    return walk((value as Record<string, unknown>)[head ?? ''], rest);
  };
  return walk(data, path.split('.'));
}
