import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { BASELINE_PATH } from '../baseline/baseline';
import { loadContracts } from '../contracts/manifest';
import { DEPRECATIONS_PATH } from '../drift/deprecation-log';
import { loadSnapshot } from '../schema/snapshot';
import { ConfigError } from './config-error';

/**
 * Our own files are configuration, and are checked as such before a run: the contracts
 * manifest, the schema snapshot, the response schemas, and the per-target pins and deprecation
 * dates. Anything wrong is one line naming the file and the fix (exit 2), never 47 failed checks
 * and an alert that blames Pluvo.
 */
const targetsOf = (value: object) => ({
  type: 'object',
  required: ['targets'],
  properties: { $comment: { type: 'string' }, targets: { type: 'object', additionalProperties: { type: 'object', additionalProperties: value } } },
});

const PIN_FILES = [
  {
    path: BASELINE_PATH,
    schema: targetsOf({ type: 'string' }),
    fix: 'Fix it, or delete it and run `npm run onboard` (or `npm run baseline`) to observe and pin again',
  },
  {
    path: DEPRECATIONS_PATH,
    schema: targetsOf({
      type: 'object',
      required: ['firstSeen', 'reason'],
      properties: { firstSeen: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, reason: { type: 'string' } },
    }),
    fix: 'Fix it, or delete it and run `npm run onboard` to record the dates afresh',
  },
] as const;

export function checkOwnFiles(paths: { baseline?: string; deprecations?: string } = {}): void {
  const ajv = new Ajv({ allErrors: false });
  for (const file of PIN_FILES) {
    const path = (file.path === BASELINE_PATH ? paths.baseline : paths.deprecations) ?? file.path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // not onboarded yet: a run says so
      throw new ConfigError(
        path,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        'Check the file and its permissions',
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(path, `is not valid JSON (${(error as Error).message.split('\n')[0]})`, file.fix);
    }
    const validate = ajv.compile(file.schema);
    if (!validate(parsed)) {
      const first = validate.errors?.[0];
      throw new ConfigError(path, `does not have its shape: ${first?.instancePath || '(the top)'} ${first?.message ?? 'is wrong'}`, file.fix);
    }
  }
  loadSnapshot();
  for (const operation of loadContracts()) {
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(operation.schemaPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        operation.schemaPath,
        `cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]})`,
        'Run `npm run schemas:generate` and commit the file',
      );
    }
    if (typeof schema !== 'object' || schema === null || (schema as { type?: unknown }).type !== 'object') {
      throw new ConfigError(
        operation.schemaPath,
        'is not the JSON Schema of a response (no "type": "object" at the top)',
        'Run `npm run schemas:generate` and commit the file',
      );
    }
  }
}
