/**
 * For the schema-change workflow, after `npm run schema:pull` and `npm run schemas:generate`: the
 * pull request that proposes the change, for the run's target (narrowed with PLUVO_ONLY_TARGETS):
 * `changed=`, `title=` for $GITHUB_OUTPUT on stdout, the body to the file named. The snapshot as
 * committed (git HEAD) is the before; the one just pulled, the after.
 *
 *   npx tsx scripts/schema-pr.ts pr-body.md >> "$GITHUB_OUTPUT"
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildSchema } from 'graphql';
import { exitOnConfigError } from '../src/config/config-error';
import { loadContracts } from '../src/contracts/manifest';
import { schemaChangeProposal } from '../src/drift/schema-change';
import { SchemaUsage } from '../src/drift/usage';
import { loadDeprecationLog } from '../src/knowledge/deprecation-log';
import { targetKey } from '../src/knowledge/target-file';
import { loadSnapshot } from '../src/schema/snapshot';
import { runTargets } from '../src/targets/targets-file';
import { readCommandLine, refuse } from './support/command-line';

const COMMAND = {
  name: 'schema-pr',
  typed: 'npx tsx scripts/schema-pr.ts',
  does: `For the schema-change workflow: the pull request that proposes a pulled schema change, for the
run's one target. changed= and title= for $GITHUB_OUTPUT on stdout; the body to the file named.`,
  positionals: { shown: '<body.md>', max: 1 },
};
const bodyPath = readCommandLine(COMMAND).positionals[0];
if (!bodyPath) refuse(COMMAND, 'name the file for the body, e.g. pr-body.md');
const targets = exitOnConfigError(() => runTargets(process.env));
if (targets.length !== 1) {
  process.stderr.write(`schema-pr: one target at a time (${targets.length} configured); narrow with --target in the workflow (PLUVO_ONLY_TARGETS).\n`);
  process.exit(2);
}
const [target] = targets;
const { knowledge } = target!;
const snapshot = relative(process.cwd(), knowledge.snapshotPath);
const committed = (() => {
  try {
    return execFileSync('git', ['show', `HEAD:${snapshot}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
})();
const after = loadSnapshot(knowledge.snapshotPath);
// A target never onboarded has no committed snapshot: everything is new.
const before = committed ? buildSchema(committed, { assumeValidSDL: true }) : buildSchema('type Query { _: Boolean }');
const operations = loadContracts(knowledge.contractsDir);
const name = target!.name ?? target!.identity.label;
const proposal = await schemaChangeProposal({
  name,
  before,
  after,
  usage: SchemaUsage.of(before, operations),
  operationCount: operations.length,
  log: loadDeprecationLog(knowledge.deprecationsPath),
  target: targetKey(target!.config.target),
  today: new Date().toISOString().slice(0, 10),
  ungenerated: process.env.SCHEMAS_GENERATED === 'failure',
});
writeFileSync(bodyPath, proposal.body);
process.stdout.write(`changed=${proposal.changed}\ntitle=${proposal.title}\n`);
