import { basename, join } from 'node:path';
import { getOperationAST, parse, Source, type DocumentNode } from 'graphql';
import { ConfigError } from '../config/config-error';
import { checkAgainstSchema, closest, readJsonFile, readUserFile } from '../config/json-file';
import { parseAssertion, type Assertion } from './assertions';

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
  /** What the user states about its data (the manifest's "assert"). */
  assertions: Assertion[];
  /** Its own response-time thresholds, over its area's. */
  latency: { degradedMs?: number; failedMs?: number };
}

interface ManifestEntry {
  name: string;
  document: string;
  scopes: string[];
  variables?: Record<string, unknown>;
  schema?: string;
  assert?: string[];
  degradedMs?: number;
  tooSlowMs?: number;
}

const MANIFEST_FIX = 'Fix the entry; json-schemas/manifest.schema.json says what each key holds (editors complete it)';

/**
 * Read contracts/manifest.json and the operations it names. Anything wrong (a key the manifest does
 * not have, a missing file, an operation that does not parse, a name that does not match, a
 * variable taken from an operation the manifest does not list, an assertion that does not read) is
 * one line naming the file and the place, before any request is sent.
 */
export function loadContracts(dir: string): ContractOperation[] {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = readJsonFile(manifestPath, 'Fix the file; the README shows its shape');
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray((manifest as { operations?: unknown }).operations))
    throw new ConfigError(manifestPath, 'has no "operations" list', 'Add "operations": [ … ] as the README shows');
  checkAgainstSchema('manifest.schema.json', manifest, manifestPath, MANIFEST_FIX);
  const entries = (manifest as { operations: ManifestEntry[] }).operations;
  const names = new Set<string>();
  const operations = entries.map((entry, index) => {
    const where = `${manifestPath} operations[${index}]`;
    if (names.has(entry.name)) throw new ConfigError(where, `repeats the name ${entry.name}`, 'Give each operation its own name');
    names.add(entry.name);
    const variables = entry.variables ?? {};
    const schemaFile = typeof entry.schema === 'string' ? basename(entry.schema) : `${entry.name}.schema.json`;
    const assertions = (entry.assert ?? []).map((text, at) => {
      const parsed = parseAssertion(text);
      if (typeof parsed === 'string') throw new ConfigError(`${where}.assert[${at}]`, `"${text}" ${parsed}`, MANIFEST_FIX);
      return parsed;
    });
    if (entry.degradedMs !== undefined && entry.tooSlowMs !== undefined && entry.tooSlowMs <= entry.degradedMs)
      throw new ConfigError(
        `${where}.tooSlowMs`,
        `(${entry.tooSlowMs} ms) is not above degradedMs (${entry.degradedMs} ms)`,
        'Set the failing threshold above the degraded one',
      );
    const latency = { ...(entry.degradedMs ? { degradedMs: entry.degradedMs } : {}), ...(entry.tooSlowMs ? { failedMs: entry.tooSlowMs } : {}) };
    const documentPath = join(dir, entry.document);
    const body = readUserFile(documentPath, `Create it, or fix "document" of ${entry.name} in ${manifestPath}`);
    const source = new Source(body, documentPath);
    const document = parseDocument(source, 'Fix the syntax there');
    const operation = getOperationAST(document, entry.name);
    if (!operation)
      throw new ConfigError(documentPath, `has no operation named ${entry.name}`, `Name the operation "query ${entry.name} …", as in the manifest`);
    return { name: entry.name, documentPath, source, document, scopes: entry.scopes, variables, schemaFile, assertions, latency };
  });
  // A value taken from another operation: that one must be ours, and give no value the same way back.
  for (const [index, operation] of operations.entries()) {
    for (const [variable, value] of Object.entries(operation.variables)) {
      if (!isDerived(value)) continue;
      const place = `${manifestPath} operations[${index}].variables.${variable}`;
      if (!names.has(value.$from)) {
        const meant = closest(value.$from, [...names]);
        throw new ConfigError(
          place,
          `takes its value from "${value.$from}", which is not an operation of the manifest`,
          meant ? `Did you mean "${meant}"?` : `Name one of ${[...names].join(', ')}`,
        );
      }
      if (value.$from === operation.name) throw new ConfigError(place, 'takes its value from its own operation', 'Name another operation of the manifest');
    }
  }
  return operations;
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

/** A GraphQL document of the user's, parsed; a syntax error is one line with its file, line and column, as an editor counts. */
export function parseDocument(source: Source, fix: string): DocumentNode {
  try {
    return parse(source);
  } catch (error) {
    const location = (error as { locations?: Array<{ line: number; column: number }> }).locations?.[0];
    const message = ((error as Error).message.split('\n')[0] ?? '').replace(/^Syntax Error: /, '').replace(/\.$/, '');
    throw new ConfigError(location ? `${source.name}:${location.line}:${location.column}` : source.name, `is not a valid GraphQL document: ${message}`, fix);
  }
}
