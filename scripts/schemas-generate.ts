/**
 * `npm run schemas:generate`: from each target's stored snapshot and each operation in contracts/,
 * write the target's response schemas (schemas/responses/<Operation>.schema.json, or under
 * schemas/targets/<name>/ for a targets file). No credentials are needed. Deterministic:
 * regenerating an unchanged operation rewrites the same bytes. Review the diff, then commit.
 *
 *   npm run schemas:generate -- --self-test   the self-test's own (tests/fixtures/sandbox-org)
 */
import { exitOnConfigError } from '../src/config/config-error';
import { SANDBOX_ORG } from '../src/knowledge/layout';
import { userKnowledge } from '../src/targets/targets-file';
import { readCommandLine, refuse } from './support/command-line';
import { narrowedTo, TARGET_OPTION } from './support/target-choice';
import { generateResponseSchemas } from './support/target-files';
import { counted } from '../src/text/counted';

const COMMAND = {
  name: 'schemas:generate',
  typed: 'npm run schemas:generate',
  does: `From each target's stored snapshot (or those named with --target) and each operation in contracts/,
write the target's response schemas (schemas/responses/<Operation>.schema.json, or under
schemas/targets/<name>/ for a targets file). No credentials are needed; an unchanged operation
rewrites the same bytes. Review the diff, then commit.`,
  options: {
    target: TARGET_OPTION,
    'self-test': { type: 'boolean' as const, says: "the self-test's own knowledge, tests/fixtures/sandbox-org (for this project's maintainers)" },
  },
};
const { values } = readCommandLine(COMMAND);
const all = values['self-test'] ? [SANDBOX_ORG] : exitOnConfigError(() => userKnowledge(narrowedTo(values, (problem) => refuse(COMMAND, problem))));
for (const knowledge of all) {
  const { operations, written } = generateResponseSchemas(knowledge);
  for (const path of written) process.stdout.write(`schemas:generate: wrote ${path}\n`);
  process.stdout.write(
    `schemas:generate: ${knowledge.responsesDir}: ${operations} operations, ${counted(written.length, 'schema file')} changed${written.length ? '; review the diff and commit' : ''}.\n`,
  );
}
