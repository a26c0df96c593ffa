import type { ExecutionResult } from 'graphql';

/**
 * A GraphQL response body: the data, and the errors beside it when there are some. A request
 * that failed before execution (a variable missing or of the wrong type) has no data entry at
 * all, as the GraphQL spec says and graphql-js answers.
 */
export function answerBody(result: ExecutionResult): { data?: unknown; errors?: unknown[] } {
  if (!result.errors) return { data: result.data };
  const errors = result.errors.map((error) => error.toJSON());
  return 'data' in result ? { errors, data: result.data ?? null } : { errors };
}
