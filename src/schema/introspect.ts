import { shownText } from '../text/shown';
import { buildClientSchema, getIntrospectionQuery, validateSchema, type GraphQLSchema, type IntrospectionOptions, type IntrospectionQuery } from 'graphql';
import type { Cause } from '../pluvo/cause';
import { causeOf, describeOutcome, troubleKeyOf, type GraphQLClient, type GraphQLExchange } from '../pluvo/graphql-client';

/**
 * The complete introspection options. graphql-js leaves them off by default, and without
 * inputValueDeprecation deprecated arguments and input fields are simply missing, so they would
 * look removed in a diff and invisible to validation.
 */
const FULL_OPTIONS = ['inputValueDeprecation', 'specifiedByUrl', 'directiveIsRepeatable', 'oneOf'] as const;
type Option = (typeof FULL_OPTIONS)[number];

/** What a server that lacks an option complains about, so that option is the one dropped. */
const META_FIELDS: Record<Option, RegExp> = {
  inputValueDeprecation: /includeDeprecated|__InputValue[^]*isDeprecated|"isDeprecated" on type "__InputValue"/,
  specifiedByUrl: /specifiedBy/i,
  directiveIsRepeatable: /isRepeatable/,
  oneOf: /isOneOf/,
};

export interface IntrospectionResult {
  schema: GraphQLSchema;
  /** Options the server refused, so they were left out. */
  droppedOptions: Option[];
  exchanges: GraphQLExchange[];
}

export class IntrospectionError extends Error {
  constructor(
    message: string,
    readonly exchanges: GraphQLExchange[],
    /** Why: Pluvo's trouble (the answer's class), or an answer that is not a schema (the contract's). */
    readonly reason: Cause = 'contract',
    readonly key?: string,
  ) {
    super(message);
    this.name = 'IntrospectionError';
  }
}

/**
 * Schemas built from introspection answers, by the answer: a schema is immutable, and the
 * organisations of one run mostly answer the same (one Pluvo release), so one build, and the
 * validations and canonical form cached on it, serve them all.
 */
const built = new Map<string, GraphQLSchema>();

function clientSchema(answer: IntrospectionQuery): GraphQLSchema {
  const key = JSON.stringify(answer);
  let schema = built.get(key);
  if (!schema) {
    schema = buildClientSchema(answer);
    // A run sees a few distinct answers; a long-lived process (the monitor's runs are processes of their own) does not gather them.
    if (built.size >= 8) built.clear();
    built.set(key, schema);
  }
  return schema;
}

/**
 * Introspect with every option on; when the server rejects the query (an older server that does
 * not know a meta-field), drop the option its error names, or else the newest, and try again.
 */
export async function introspect(client: GraphQLClient): Promise<IntrospectionResult> {
  const enabled = new Set<Option>(FULL_OPTIONS);
  const droppedOptions: Option[] = [];
  const exchanges: GraphQLExchange[] = [];
  for (;;) {
    const options: IntrospectionOptions = { descriptions: true };
    for (const option of enabled) options[option] = true;
    const exchange = await client.execute({ query: getIntrospectionQuery(options), operationName: 'IntrospectionQuery' });
    exchanges.push(exchange);
    const { outcome } = exchange;
    if (outcome.kind === 'data' && outcome.data.__schema) {
      // Whatever came back, a bad schema is a finding that says so, never a stack trace.
      const schema = outcome.data.__schema as { types?: unknown; queryType?: unknown } | null;
      if (typeof schema !== 'object' || schema === null || !Array.isArray(schema.types) || typeof schema.queryType !== 'object') {
        throw new IntrospectionError('the introspection answer is not a schema: __schema has no types list and query type', exchanges);
      }
      let built: GraphQLSchema;
      try {
        built = clientSchema(outcome.data as unknown as IntrospectionQuery);
      } catch (error) {
        throw new IntrospectionError(`the introspection answer is not a usable schema: ${shownText((error as Error).message)}`, exchanges);
      }
      // A schema graphql-js would refuse (a type left with no fields): Pluvo's broken contract, said, before anything diffs or validates against it.
      const invalid = validateSchema(built);
      if (invalid.length)
        throw new IntrospectionError(
          `Pluvo's live schema is not a valid GraphQL schema: ${shownText(invalid[0]!.message)}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}`,
          exchanges,
        );
      return { schema: built, droppedOptions, exchanges };
    }
    const rejected = outcome.kind === 'graphql-errors' || (outcome.kind === 'http-status' && outcome.status === 400);
    const messages = outcome.kind === 'graphql-errors' ? outcome.errors.map((e) => e.message).join(' ') : (exchange.response?.body ?? '');
    const named = FULL_OPTIONS.find((option) => enabled.has(option) && META_FIELDS[option].test(messages));
    const next = named ?? [...FULL_OPTIONS].reverse().find((option) => enabled.has(option));
    if (!rejected || !next)
      throw new IntrospectionError(`introspection failed: ${describeOutcome(outcome)}`, exchanges, causeOf(outcome), troubleKeyOf(outcome));
    enabled.delete(next);
    droppedOptions.push(next);
  }
}
