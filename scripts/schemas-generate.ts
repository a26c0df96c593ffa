/**
 * `npm run schemas:generate`: from the stored snapshot (schemas/pluvo.graphql) and each operation
 * in contracts/, write schemas/responses/<Operation>.schema.json. Deterministic: regenerating an
 * unchanged operation rewrites the same bytes. Review the diff, then commit.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exitOnConfigError } from '../src/config/config-error';
import { loadContracts } from '../src/contracts/manifest';
import { loadSnapshot } from '../src/schema/snapshot';
import { renderResponseSchemaFile } from '../src/shapes/response-schema-file';

const schema = exitOnConfigError(() => loadSnapshot());
const operations = exitOnConfigError(() => loadContracts());
let changed = 0;
for (const operation of operations) {
  const text = exitOnConfigError(() => renderResponseSchemaFile(schema, operation));
  let before = '';
  try {
    before = readFileSync(operation.schemaPath, 'utf8');
  } catch {
    // A new operation: no schema yet.
  }
  if (before !== text) {
    mkdirSync(dirname(operation.schemaPath), { recursive: true });
    writeFileSync(operation.schemaPath, text);
    changed += 1;
    process.stdout.write(`schemas:generate: wrote ${operation.schemaPath}\n`);
  }
}
process.stdout.write(`schemas:generate: ${operations.length} operations, ${changed} schema file(s) changed${changed ? '; review the diff and commit' : ''}.\n`);
