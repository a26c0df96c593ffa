import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { INT_RANGE, type JsonSchema } from './operation-schema';

/**
 * ajv with the formats our generated schemas use. Every violation is kept (allErrors), and each
 * becomes one readable line that names the path and what was expected, never the value itself.
 */
export class ResponseValidator {
  /** Violations of the schema, one line each; empty when the data matches. */
  violations(_schemaKey: string, schema: JsonSchema, data: unknown): string[] {
    const validate = compiledFor(schema);
    if (validate(data)) return [];
    return readable(validate.errors ?? [], data);
  }
}

let shared: Ajv | undefined;
/**
 * Compiled validators by the schema's text: organisations of one run mostly share their response
 * schemas (one Pluvo release), and a compile costs far more than a validation. A validator is a
 * pure function of its schema, so one serves every target and check in the process.
 */
const compiled = new Map<string, ValidateFunction>();

/** The same schema object again (the next page of an operation read by cursor): found without printing it. */
const compiledByObject = new WeakMap<JsonSchema, ValidateFunction>();

function compiledFor(schema: JsonSchema): ValidateFunction {
  const known = compiledByObject.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (!validate) {
    if (!shared) {
      shared = new Ajv({ allErrors: true, strict: true, strictTypes: false });
      addFormats(shared);
      shared.addFormat('json-string', { type: 'string', validate: isJsonText });
    }
    validate = shared.compile(schema);
    compiled.set(text, validate);
  }
  compiledByObject.set(schema, validate);
  return validate;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** ajv errors as lines: "/paginatedUsers/edges/3/node/email: must match format "email" (got a string)". */
export function readable(errors: readonly ErrorObject[], data: unknown): string[] {
  // Inside anyOf (unions, nullable composites) ajv reports every branch; the anyOf line itself
  // says enough when a branch-level error sits at the same place.
  const lines = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath || '/';
    const got = describeValue(valueAt(data, error.instancePath));
    let expected: string;
    switch (error.keyword) {
      case 'additionalProperties':
        expected = `unexpected property "${String(error.params.additionalProperty)}" (not selected by the operation)`;
        break;
      case 'required':
        expected = `missing property "${String(error.params.missingProperty)}"`;
        break;
      case 'type':
        // ajv's number is finite already: a value that parsed as Infinity fails as a type.
        expected = isNonFinite(valueAt(data, error.instancePath))
          ? `must be a finite number, as a GraphQL Float is (got ${got})`
          : `must be ${String(error.params.type).split(',').join(' or ')} (got ${got})`;
        break;
      case 'enum':
        expected = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${got})`;
        break;
      case 'minimum':
      case 'maximum':
        expected = [INT_RANGE.minimum, INT_RANGE.maximum].includes(Number(error.params.limit) as never)
          ? `must be a GraphQL Int, a signed 32-bit integer from ${INT_RANGE.minimum} to ${INT_RANGE.maximum} (got ${got} outside that range)`
          : `${error.message ?? error.keyword} (got ${got})`;
        break;
      default:
        expected = `${error.message ?? error.keyword} (got ${got})`;
    }
    lines.add(`${path}: ${expected}`);
  }
  return [...lines];
}

function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer) return data;
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The kind of a value, never the value: responses may hold personal data. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (isNonFinite(value)) return 'a number too large for a double';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const isNonFinite = (value: unknown) => typeof value === 'number' && !Number.isFinite(value);
