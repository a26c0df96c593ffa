/**
 * `npm run schemas:generate`: from the stored snapshot (schemas/pluvo.graphql) and each operation
 * in contracts/, write schemas/responses/<Operation>.schema.json. Deterministic: regenerating an
 * unchanged operation rewrites the same bytes. Review the diff, then commit.
 */
import { generateResponseSchemas } from './support/target-files';

const { operations, written } = generateResponseSchemas();
for (const path of written) process.stdout.write(`schemas:generate: wrote ${path}\n`);
process.stdout.write(
  `schemas:generate: ${operations} operations, ${written.length} schema file(s) changed${written.length ? '; review the diff and commit' : ''}.\n`,
);
