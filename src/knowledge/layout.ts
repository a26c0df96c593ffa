import { isAbsolute, join, relative } from 'node:path';
import { engineData } from '../files/engine-file';
import type { Target } from '../config/load-config';

/**
 * What the harness knows about one organisation, and where it is kept: the operations our
 * integration sends, the schema snapshot they are checked against, the response schemas generated
 * from the two, and what runs observed there (pinned behaviour, the dates deprecations were first
 * seen). A user's organisation is kept in the user's files; the embedded sandbox in ours.
 */
export interface Knowledge {
  /** The operations (`*.graphql` and manifest.json). */
  contractsDir: string;
  /** The folder of the rest, for messages: "schemas/" or "schemas/targets/acme/". */
  schemasDir: string;
  snapshotPath: string;
  responsesDir: string;
  baselinePath: string;
  deprecationsPath: string;
}

/** The layout of one folder of knowledge: the snapshot, the response schemas, the pins and the dates. */
export function knowledgeIn(contractsDir: string, schemasDir: string): Knowledge {
  return {
    contractsDir,
    schemasDir,
    snapshotPath: join(schemasDir, 'pluvo.graphql'),
    responsesDir: join(schemasDir, 'responses'),
    baselinePath: join(schemasDir, 'baseline.json'),
    deprecationsPath: join(schemasDir, 'deprecations.json'),
  };
}

/**
 * The embedded sandbox's organisation: the self-test's fixtures (tests/fixtures/sandbox-org), never
 * the user's files, so that whatever a user onboards or adds to contracts/, the demo run and our
 * own tests judge the sandbox by what it is.
 */
export const SANDBOX_ORG = knowledgeIn(ownFolder('tests/fixtures/sandbox-org/contracts'), ownFolder('tests/fixtures/sandbox-org/schemas'));

/** A folder of the engine's, as it is named to people: from where they are when it is below (this repository), whole otherwise (an installed package). */
function ownFolder(path: string): string {
  const shown = relative(process.cwd(), engineData(path));
  return shown.startsWith('..') || isAbsolute(shown) ? engineData(path) : shown;
}

/** Where a user keeps the knowledge of one organisation, and of each organisation of a targets file. */
export const USER_SCHEMAS_DIR = 'schemas';
export const TARGETS_SCHEMAS_DIR = join(USER_SCHEMAS_DIR, 'targets');

/**
 * A target's knowledge. The embedded sandbox: ours. The one organisation of the environment:
 * today's simple layout, contracts/ and schemas/. An organisation of a targets file: its own
 * folder, schemas/targets/<name>/ (or the entry's "schemas"), so that each is judged against its
 * own snapshot; the operations are the integration's, the same for every organisation.
 */
export function knowledgeFor(target: Target, entry: { name: string; schemas?: string } | undefined, env: Record<string, string | undefined>): Knowledge {
  const contractsDir = userContractsDir(env);
  if (target.kind === 'sandbox' && !entry) return env.PLUVO_CONTRACTS_DIR?.trim() ? { ...SANDBOX_ORG, contractsDir } : SANDBOX_ORG;
  if (!entry) return knowledgeIn(contractsDir, USER_SCHEMAS_DIR);
  return knowledgeIn(contractsDir, entry.schemas ?? join(TARGETS_SCHEMAS_DIR, entry.name));
}

/** Where an operation's response schema is kept in a target's knowledge. */
export function responseSchemaPath(knowledge: Pick<Knowledge, 'responsesDir'>, operation: { schemaFile: string }): string {
  return join(knowledge.responsesDir, operation.schemaFile);
}

/** Where the user keeps the operations their integration sends: contracts/, or the folder PLUVO_CONTRACTS_DIR names. */
export function userContractsDir(env: Record<string, string | undefined>): string {
  return env.PLUVO_CONTRACTS_DIR?.trim() || 'contracts';
}
