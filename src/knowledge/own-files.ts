import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { ConfigError } from '../config/config-error';
import { readUserFile } from '../config/json-file';
import { loadContracts, type ContractOperation } from '../contracts/manifest';
import { loadSnapshot } from '../schema/snapshot';
import { renderResponseSchemaFile } from '../shapes/response-schema-file';
import { responseSchemaPath, type Knowledge } from './layout';

/**
 * Our own files are configuration, and are checked as such before a run sends anything: the
 * operations and their manifest, the schema snapshot, each operation against that snapshot, the
 * response schemas generated from the two, and the pins and deprecation dates. Anything wrong is
 * one line naming the file and the fix (exit 2), never 47 failed checks and an alert that blames
 * Pluvo. An operation that fits our snapshot but not the live schema is Pluvo's change, and a
 * check's finding.
 */
const targetsOf = (value: object) => ({
  type: 'object',
  required: ['targets'],
  properties: { $comment: { type: 'string' }, targets: { type: 'object', additionalProperties: { type: 'object', additionalProperties: value } } },
});

/** The pin files: where each is, the shape it has, and what mends a broken one. */
export const PIN_FILES = [
  {
    path: (knowledge: Knowledge) => knowledge.baselinePath,
    schema: targetsOf({ type: 'string' }),
    fix: 'Fix it, or delete it and run `npm run onboard` (or `npm run baseline`) to observe and pin again',
  },
  {
    path: (knowledge: Knowledge) => knowledge.deprecationsPath,
    schema: targetsOf({
      type: 'object',
      required: ['firstSeen', 'reason'],
      properties: { firstSeen: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, reason: { type: 'string' } },
    }),
    fix: 'Fix it, or delete it and run `npm run onboard` to record the dates afresh',
  },
] as const;

/** The pin files' validators, compiled once a process: a run checks the files of every organisation. */
let compiledPinFiles: Map<object, ValidateFunction> | undefined;

function pinFileValidator(schema: object): ValidateFunction {
  if (!compiledPinFiles) {
    // Our own schemas, held valid by a test (tests/unit/own-json-schemas.spec.ts), as json-file.ts's are.
    const ajv = new Ajv({ allErrors: false, validateSchema: false });
    compiledPinFiles = new Map(PIN_FILES.map((file) => [file.schema, ajv.compile(file.schema)]));
  }
  return compiledPinFiles.get(schema)!;
}

/** Our operations are the integration's, the same for every target: a run of many passes them in, parsed once. */
export function checkOwnFiles(knowledge: Knowledge, operations: readonly ContractOperation[] = loadContracts(knowledge.contractsDir)): void {
  for (const file of PIN_FILES) {
    const path = file.path(knowledge);
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
    const validate = pinFileValidator(file.schema);
    if (!validate(parsed)) {
      const first = validate.errors?.[0];
      throw new ConfigError(path, `does not have its shape: ${first?.instancePath || '(the top)'} ${first?.message ?? 'is wrong'}`, file.fix);
    }
  }
  const snapshot = loadSnapshot(knowledge.snapshotPath);
  for (const operation of operations) {
    // Throws the one line (file:line:column) when the operation does not fit our own snapshot.
    const expected = renderResponseSchemaFile(snapshot, operation, knowledge.snapshotPath);
    const path = responseSchemaPath(knowledge, operation);
    const stored = readUserFile(path, 'Run `npm run schemas:generate` and commit the file');
    // Compared as schemas: the comment names the files by the path they were generated from.
    if (!sameSchema(stored, expected))
      throw new ConfigError(
        path,
        `is not what ${operation.documentPath} and ${knowledge.snapshotPath} give (stale, or edited by hand)`,
        'Run `npm run schemas:generate`, review the diff and commit it',
      );
  }
}

function sameSchema(stored: string, expected: string): boolean {
  const withoutComment = (text: string) => {
    try {
      const { $comment: _comment, ...schema } = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(schema);
    } catch {
      return undefined;
    }
  };
  const kept = withoutComment(stored);
  return kept !== undefined && kept === withoutComment(expected);
}
