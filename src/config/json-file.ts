import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from './config-error';

/**
 * Files of ours that users write by hand (the operations manifest, the targets file), checked
 * against their published JSON Schemas (json-schemas/, which editors complete from) with ajv:
 * unknown keys are rejected, not ignored, and the first problem is one line that names the place
 * and, for a misspelt key, the key that was meant.
 */
let ajv: Ajv | undefined;
/**
 * ajv, loaded when the first file is checked: a process that checks none (the Playwright worker of
 * a run without a targets file, which reads the configuration only to agree with the runner on the
 * tests) never loads it.
 */
function checker(): Ajv {
  if (!ajv) {
    const AjvClass = createRequire(import.meta.url)('ajv') as typeof Ajv;
    // verbose: each error carries its schema, so an unknown key can be told which keys there are.
    // validateSchema off: these are our own schemas, which a test holds valid against their draft
    // (tests/unit/own-json-schemas.spec.ts); checking them again cost every process of a run 17 ms.
    ajv = new AjvClass({ allErrors: true, allowUnionTypes: true, verbose: true, validateSchema: false });
  }
  return ajv;
}
const compiled = new Map<string, ValidateFunction>();

/** A published schema by its file name in json-schemas/, compiled once. */
function validator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(new URL(`../../json-schemas/${name}`, import.meta.url), 'utf8')) as object;
    validate = checker().compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}

/** Check a parsed file against its schema; the first problem is a ConfigError naming `file` and the place in it. */
export function checkAgainstSchema(schemaName: string, value: unknown, file: string, fix: string): void {
  const validate = validator(schemaName);
  if (validate(value)) return;
  const error = mostTelling(validate.errors ?? []);
  throw new ConfigError(`${file}${place(error.instancePath)}`, describe(error), fix);
}

/** An unknown or missing key says more than the anyOf and type errors that follow from it. */
function mostTelling(errors: readonly ErrorObject[]): ErrorObject {
  const rank = (error: ErrorObject) => (error.keyword === 'additionalProperties' ? 0 : error.keyword === 'required' ? 1 : error.keyword === 'if' ? 3 : 2);
  return [...errors].sort((a, b) => rank(a) - rank(b) || b.instancePath.length - a.instancePath.length)[0]!;
}

/** /operations/1/variables → " operations[1].variables" */
function place(pointer: string): string {
  if (!pointer) return '';
  const parts = pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return ` ${parts.map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index ? '.' : ''}${part}`)).join('')}`;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((name) => !name.startsWith('$'));
      const meant = closest(key, known);
      return `has an unknown key "${key}"${meant ? ` (did you mean "${meant}"?)` : ''}; the keys are ${known.join(', ')}`;
    }
    case 'required':
      return `has no "${String(error.params.missingProperty)}"`;
    default:
      return error.message ?? error.keyword;
  }
}

/** The known name a typo most likely meant: at most a third of its letters off. */
export function closest(word: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(1, Math.floor(name.length / 3)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * Letters added, dropped or changed, and two neighbours swapped, each one edit (the optimal string
 * alignment distance): `--grpe` is one slip from `--grep`, as a person types it, not two.
 */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, beforePrevious[j - 2]! + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * A file of ours as JSON, or one line saying where it is not, as an editor counts:
 * `targets.json:20:5: Unexpected number in JSON`, never "at position 636".
 */
export function readJsonFile(path: string, fix: string): unknown {
  const text = readUserFile(path, fix);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    const at = /at position (\d+)/.exec(message);
    if (!at) throw new ConfigError(path, `is not JSON (${message})`, fix);
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = Number(at[1]) - before.lastIndexOf('\n');
    throw new ConfigError(`${path}:${line}:${column}`, `is not JSON: ${message.replace(/ at position \d+.*$/, '')}`, fix);
  }
}

/** A file of the user's as text, or one line naming it and why it cannot be read ("ENOENT"), with the fix. */
export function readUserFile(path: string, fix: string, named = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(named, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]})`, fix);
  }
}
