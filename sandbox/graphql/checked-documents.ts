import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { validityKey } from './build-schema';

/** A query as the endpoint needs it: parsed, and validated against one schema. */
export interface CheckedDocument {
  document: DocumentNode;
  validationErrors: readonly GraphQLError[];
}

/** Enough for every operation a client repeats; a client that sends endless distinct queries only evicts. */
const MAX_DOCUMENTS_PER_SCHEMA = 256;

const bySchema = new WeakMap<object, Map<string, CheckedDocument>>();

/**
 * Parse and validate a query once per schema: a cursor walk sends the same text with new
 * variables for every page, and validation was the largest part of serving each one. Keyed by
 * the schema's SDL (build-schema.ts), because a fault changes it, and with it what is valid.
 * Parse errors throw, as `parse` does, and are not kept.
 */
export function checkedDocument(schema: GraphQLSchema, query: string): CheckedDocument {
  const key = validityKey(schema);
  let documents = bySchema.get(key);
  if (!documents) bySchema.set(key, (documents = new Map()));
  const known = documents.get(query);
  if (known) {
    // Least recently used goes first: re-inserting moves this one to the end.
    documents.delete(query);
    documents.set(query, known);
    return known;
  }
  const document = parse(query);
  const checked = { document, validationErrors: validate(schema, document) };
  documents.set(query, checked);
  if (documents.size > MAX_DOCUMENTS_PER_SCHEMA) documents.delete(documents.keys().next().value!);
  return checked;
}
