import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { ConfigError } from '../config/config-error';
import { readUserFile } from '../config/json-file';

/** Sorted SDL, so a re-pulled snapshot diffs only where the schema changed. */
export function printSnapshot(schema: GraphQLSchema, header: { target: string; date: string }): string {
  const comment = `# Pluvo GraphQL schema snapshot: introspected from ${header.target} on ${header.date}.\n# Written by \`npm run schema:pull\`; review and commit it to accept a schema change.\n\n`;
  return `${comment}${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** A snapshot's schema without its header (where and when it was pulled): what says whether it changed. */
export function snapshotBody(text: string): string {
  return text.replace(/^(#[^\n]*\n)+\n?/, '');
}

/**
 * A schema in the form the snapshot has: built from sorted SDL. An introspected schema carries
 * no directive usages, one built from SDL does (@deprecated among them), so diffing the two
 * directly reports every deprecation as a removed directive. Canonical forms compare like with like.
 */
export function canonicalSchema(schema: GraphQLSchema): GraphQLSchema {
  let canonical = canonicalForms.get(schema);
  // SDL printed from a schema that was built is valid: validating it again cost a tenth of a drift check.
  if (!canonical) canonicalForms.set(schema, (canonical = buildSchema(printSchema(lexicographicSortSchema(schema)), { assumeValidSDL: true })));
  return canonical;
}

/** A schema is immutable, so its canonical form is built once: the snapshot's serves every drift check of a process. */
const canonicalForms = new WeakMap<GraphQLSchema, GraphQLSchema>();

/**
 * Snapshots built so far, by their text: a schema is immutable, so one build serves every run in
 * the process, and every organisation whose snapshot is the same (one Pluvo release).
 */
const built = new Map<string, GraphQLSchema>();

/** Load the stored snapshot; a missing or broken file is one clear line, not a stack trace. */
export function loadSnapshot(path: string): GraphQLSchema {
  const sdl = readUserFile(path, 'Run `npm run schema:pull` to write it from the target');
  const known = built.get(sdl);
  if (known) return known;
  try {
    const schema = buildSchema(sdl);
    built.set(sdl, schema);
    return schema;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new ConfigError(path, `is not a valid GraphQL schema (${message})`, 'Restore it from git, or run `npm run schema:pull` to write it again');
  }
}
