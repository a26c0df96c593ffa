import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { answerBody } from './answer-body';
import { perSdlCache } from './per-sdl-cache';

/** A client asks a few introspection queries, over and over; a hostile one only evicts. */
const MAX_ANSWERS_PER_SCHEMA = 32;

const answers = perSdlCache<string>(MAX_ANSWERS_PER_SCHEMA);

/**
 * The JSON body answering an operation that asks only about the schema, worked out once for each
 * SDL: it depends on nothing else (no data, no resolver, no time). Every organisation of a run
 * introspects, and the full introspection query was the costliest answer a sandbox gives: 150 KB
 * made and serialised again each time (a third of the execution time of fifty sandboxes serving a
 * run). Keyed by the query, the operation's name and its variables.
 */
export function introspectionAnswer(
  schema: GraphQLSchema,
  request: { query: string; operationName: string | undefined; variables: unknown },
  execute: () => ExecutionResult,
): string {
  const key = JSON.stringify([request.query, request.operationName ?? null, request.variables ?? null]);
  return answers(schema, key, () => JSON.stringify(answerBody(execute())));
}
