import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { perSdlCache } from './per-sdl-cache';

/** A query as the endpoint needs it: parsed, and validated against one schema. */
export interface CheckedDocument {
  document: DocumentNode;
  validationErrors: readonly GraphQLError[];
}

/** Enough for every operation a client repeats; a client that sends endless distinct queries only evicts. */
const MAX_DOCUMENTS_PER_SCHEMA = 256;

const checked = perSdlCache<CheckedDocument>(MAX_DOCUMENTS_PER_SCHEMA);

/**
 * Parse and validate a query once per schema: a cursor walk sends the same text with new
 * variables for every page, and validation was the largest part of serving each one. Keyed by
 * the schema's SDL (build-schema.ts), because a fault changes it, and with it what is valid.
 * Parse errors throw, as `parse` does, and are not kept.
 */
export function checkedDocument(schema: GraphQLSchema, query: string): CheckedDocument {
  return checked(schema, query, () => {
    const document = parse(query);
    return { document, validationErrors: validate(schema, document) };
  });
}
