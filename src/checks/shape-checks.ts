import { readFileSync } from 'node:fs';
import { Kind, validate, type GraphQLError, type GraphQLSchema, type Source } from 'graphql';
import type { InvalidDocument } from '@graphql-inspector/core';
import { checkAssertion } from '../contracts/assertions';
import { isDerived, pickPath, type ContractOperation } from '../contracts/manifest';
import { responseSchemaPath } from '../knowledge/layout';
import { describeOutcome, isRecord } from '../pluvo/graphql-client';
import { redact } from '../security/redact';
import type { JsonSchema } from '../shapes/operation-schema';
import { ResponseValidator } from '../shapes/response-validator';
import { CheckRecorder, type CheckContext, type ContractCheck } from './check';
import { liveSchemaOrFail } from './live-schema';
import { counted } from '../text/counted';

const DOCS_SHAPES = 'contracts/manifest.json and schemas/responses/ (see the README, "Response shapes")';
/** Violations listed per check; the rest are counted. */
const MAX_VIOLATIONS = 50;

/** Built on first use, for the same reason graphql-inspector is loaded late (see assessDrift). */
let validator: ResponseValidator | undefined;

function at(error: GraphQLError, operation: ContractOperation): string {
  const location = error.locations?.[0];
  return location ? `${operation.documentPath}:${location.line}:${location.column}` : operation.documentPath;
}

/** Validations by schema and operation: one schema serves the organisations that answer alike, and a validation is a function of the two. */
const validations = new WeakMap<GraphQLSchema, Map<string, Promise<InvalidDocument[]>>>();

async function validatedAgainst(schema: GraphQLSchema, source: Source): Promise<InvalidDocument[]> {
  let bySource = validations.get(schema);
  if (!bySource) validations.set(schema, (bySource = new Map()));
  let result = bySource.get(source.body);
  if (!result) {
    // Loaded here, not when the checks are listed: see assessDrift.
    result = import('@graphql-inspector/core').then(({ validate }) => validate(schema, [source], { strictDeprecated: true, strictFragments: true }));
    bySource.set(source.body, result);
  }
  return result;
}

function validAgainstLiveSchema(operation: ContractOperation): ContractCheck {
  return {
    id: `shape.valid.${operation.name}`,
    area: 'shape',
    title: `${operation.name} is a valid operation against the live schema`,
    docs: DOCS_SHAPES,
    async run(context) {
      const recorder = new CheckRecorder();
      const live = await liveSchemaOrFail(context, recorder);
      if (!live) return recorder.result();
      // Loaded here, not when the checks are listed: see assessDrift.
      const [invalid] = await validatedAgainst(live.schema, operation.source);
      for (const error of invalid?.errors ?? [])
        recorder.fail(`${at(error, operation)} ${error.message} Our integration sends this operation; the live schema no longer accepts it.`);
      for (const error of invalid?.deprecated ?? []) recorder.warn(`${at(error, operation)} ${error.message}`);
      return recorder.result();
    },
  };
}

function responseMatchesSchema(operation: ContractOperation): ContractCheck {
  return {
    id: `shape.response.${operation.name}`,
    area: 'shape',
    title: `${operation.name}'s response matches its stored response schema${operation.assertions.length ? ' and our assertions' : ''}`,
    docs: DOCS_SHAPES,
    ...(Object.keys(operation.latency).length ? { latency: operation.latency } : {}),
    async run(context) {
      const recorder = new CheckRecorder();
      recorder.operations.add(operation.name);
      const schemaPath = responseSchemaPath(context.knowledge, operation);
      const missingScopes = operation.scopes.filter((scope) => !context.config.scopes.includes(scope));
      if (missingScopes.length) return recorder.result(`${operation.name} needs ${missingScopes.join(' ')}, which ${context.scopesSetIn} does not ask for.`);
      let schema: JsonSchema;
      try {
        schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JsonSchema;
      } catch (error) {
        recorder.fail(`${schemaPath} cannot be read (${(error as Error).message}); run \`npm run schemas:generate\` and commit it.`, 'config');
        return recorder.result();
      }
      const variables = await resolveVariables(operation, context, recorder);
      if (!variables) return recorder.result();
      const { $comment: _comment, ...jsonSchema } = schema;
      const violations: string[] = [];
      // An operation that pages by $after is read as a sync reads it: its first page, and the next.
      const pages = pagesByCursor(operation) ? 2 : 1;
      for (let page = 1, after: string | undefined; page <= pages; page++) {
        const exchange = recorder.record(await runOperation(context, operation, after === undefined ? variables : { ...variables, after }));
        if (exchange.outcome.kind !== 'data') {
          recorder.failOn(
            exchange.outcome,
            `${operation.name}${page > 1 ? ` (page ${page}, after ${after})` : ''} should answer with data; got ${describeOutcome(exchange.outcome)}.`,
          );
          return recorder.result();
        }
        const found = (validator ??= new ResponseValidator()).violations(schemaPath, jsonSchema, exchange.outcome.data);
        // What the user states about the data, on every page read, beside what the schema says.
        for (const assertion of operation.assertions) {
          const line = checkAssertion(assertion, exchange.outcome.data);
          if (line) found.push(line);
        }
        violations.push(...(page > 1 ? found.map((line) => `page ${page}: ${line}`) : found));
        after = nextCursor(exchange.outcome.data);
        if (after === undefined) break;
      }
      for (const line of violations.slice(0, MAX_VIOLATIONS)) recorder.fail(redact(line));
      if (violations.length > MAX_VIOLATIONS) recorder.fail(`… and ${counted(violations.length - MAX_VIOLATIONS, 'more violation')}.`);
      return recorder.result();
    },
  };
}

/** Whether the operation takes an $after variable, so that it can be asked for its next page. */
function pagesByCursor(operation: ContractOperation): boolean {
  return operation.document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.variableDefinitions?.some((variable) => variable.variable.name.value === 'after'),
  );
}

/** The cursor of the next page of the response's first root field, when it says there is one. */
function nextCursor(data: Record<string, unknown>): string | undefined {
  const connection = Object.values(data)[0];
  const pageInfo = isRecord(connection) ? connection.pageInfo : undefined;
  return isRecord(pageInfo) && pageInfo.hasNextPage === true && typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : undefined;
}

/** One of our operations with its own scopes, run once per run for the same variables. */
function runOperation(context: CheckContext, operation: ContractOperation, variables: Record<string, unknown>) {
  return context.once(`operation:${operation.name}:${JSON.stringify(variables)}`, () =>
    context.clients.graphql.execute({ query: operation.source.body, variables, operationName: operation.name }, { kind: 'token', scopes: operation.scopes }),
  );
}

/** Literal variables as they are; derived ones from the response of the operation they name. */
async function resolveVariables(operation: ContractOperation, context: CheckContext, recorder: CheckRecorder): Promise<Record<string, unknown> | undefined> {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(operation.variables)) {
    if (!isDerived(value)) {
      resolved[name] = value;
      continue;
    }
    // The manifest is checked when it loads: every $from names an operation of it.
    const source = context.operations.find((candidate) => candidate.name === value.$from)!;
    const sourceVariables = Object.fromEntries(Object.entries(source.variables).filter(([, v]) => !isDerived(v)));
    const exchange = await runOperation(context, source, sourceVariables);
    const picked = exchange.outcome.kind === 'data' ? pickPath(exchange.outcome.data, value.$path) : undefined;
    if (picked === undefined || picked === null) {
      recorder.record(exchange);
      // A source that answered without the value is the contract's (data is); one that did not answer, its trouble.
      recorder.failOn(
        exchange.outcome,
        `Variable $${name} could not be taken from ${value.$from} at ${value.$path}: ${exchange.outcome.kind === 'data' ? 'no value there' : describeOutcome(exchange.outcome)}.`,
      );
      return undefined;
    }
    resolved[name] = picked;
  }
  return resolved;
}

/** Two checks per operation of ours: valid against the live schema, and a response that matches its stored schema. */
export function shapeChecks(operations: readonly ContractOperation[]): ContractCheck[] {
  return operations.flatMap((operation) => [validAgainstLiveSchema(operation), responseMatchesSchema(operation)]);
}

/**
 * The application's own operations (pluvo-monitor.json "operations"), each validated against the
 * live schema: one that no longer validates is named with its file, line and column, as the
 * application's code will meet it. They are never sent.
 */
export const APP_OPERATIONS_CHECK: ContractCheck = {
  id: 'shape.app-operations',
  area: 'shape',
  title: "the application's own operations are valid against the live schema",
  docs: 'pluvo-monitor.json "operations" (see the README, "Operations where your application keeps them")',
  async run(context) {
    const recorder = new CheckRecorder();
    const live = await liveSchemaOrFail(context, recorder);
    if (!live) return recorder.result();
    for (const operation of context.appOperations) {
      const errors = validate(live.schema, operation.document);
      for (const error of errors) {
        const location = error.locations?.[0];
        // A fragment the operation spreads may be written in another file: the error's own source names it.
        const file = error.source?.name ?? operation.file;
        const at = location ? `${file}:${location.line}:${location.column}` : `${operation.file}:${operation.line}`;
        recorder.fail(`${at} ${error.message} The application sends ${operation.name}; the live schema no longer accepts it.`);
      }
      if (errors.length) recorder.operations.add(operation.name);
    }
    recorder.facts.app_operations = context.appOperations.length;
    recorder.summary = `the application's operations: ${context.appOperations.length} validated against the live schema, ${recorder.operations.size} no longer valid`;
    return recorder.result();
  },
};
