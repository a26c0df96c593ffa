import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SANDBOX_ORG } from '../../src/knowledge/layout';

/**
 * A targets file in `dir` naming each organisation by the base URL it is served at, all with the
 * same credential variables (the sandbox's demo pair unless told otherwise); returns its path.
 * Each organisation gets its own copy of the self-test's knowledge (in `dir`), so that a run
 * never reads or writes the user's schemas/, and what one run pins stays in its own folder.
 * Runs over it take their operations from FIXTURE_CONTRACTS.
 */
export function writeTargetsFile(
  dir: string,
  baseUrls: Record<string, string>,
  credentials = { clientIdEnv: 'SANDBOX_ID', clientSecretEnv: 'SANDBOX_SECRET' },
): string {
  const path = join(dir, 'targets.json');
  const targets = Object.entries(baseUrls).map(([name, baseUrl]) => {
    const schemas = join(dir, 'knowledge', name);
    cpSync(SANDBOX_ORG.schemasDir, schemas, { recursive: true });
    return { name, baseUrl, ...credentials, schemas };
  });
  writeFileSync(path, JSON.stringify({ targets }));
  return path;
}

/** The variable that points a run at the self-test's operations, wherever it runs from. */
export const FIXTURE_CONTRACTS = { PLUVO_CONTRACTS_DIR: resolve(SANDBOX_ORG.contractsDir) };
