import { test, expect } from '../contract/base-test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { startSandbox } from '../../sandbox/server';
import { createCheckContext } from '../../src/checks/check-context';
import { judgeCheck } from '../../src/outcome/check-outcome';
import { NodeTransport } from '../../src/http/node-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { runTargets } from '../../src/targets/targets-file';
import { FIXTURE_CHECKS } from '../support/run-checks';
import { FIXTURE_CONTRACTS, writeTargetsFile } from '../support/targets-file';
import { scratchDir } from '../support/scratch';

/**
 * Each organisation of a targets file is judged against its own snapshot. Both answer with a schema
 * that no longer has paginatedUsers(archived:), which UsersPage passes: for the organisation
 * onboarded before that release it is a breaking change; for the one onboarded after it (its
 * snapshot agrees), nothing changed.
 */
test('two organisations on different schemas: each judged against its own snapshot, a change in one reported for that one only', async () => {
  // Two organisations on the same release: two sandboxes (a targets file names each address once).
  const released = await startSandbox({ port: 0, faults: new Set(['argument-removed']) });
  const other = await startSandbox({ port: 0, faults: new Set(['argument-removed']) });
  try {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-per-target-'));
    const path = writeTargetsFile(dir, { before: released.url, after: other.url });
    const snapshot = join(dir, 'knowledge', 'after', 'pluvo.graphql');
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').replace('paginatedUsers(after: String, archived: Boolean, ', 'paginatedUsers(after: String, '));
    const env = { PLUVO_TARGETS: path, SANDBOX_ID: DEMO_CLIENT.clientId, SANDBOX_SECRET: DEMO_CLIENT.clientSecret, ...FIXTURE_CONTRACTS };
    const targets = runTargets(env);
    expect(targets.map((t) => [t.name, t.knowledge.snapshotPath])).toEqual([
      ['before', join(dir, 'knowledge', 'before', 'pluvo.graphql')],
      ['after', snapshot],
    ]);
    const drift = FIXTURE_CHECKS.find((check) => check.id === 'schema.drift')!;
    const judged = await Promise.all(
      targets.map(async (target) => {
        const context = createCheckContext(target.config, createPluvoClients(target.config, new NodeTransport()), target.knowledge);
        const outcome = judgeCheck(drift, await drift.run(context), target.config);
        return [target.name, outcome.status, outcome.failures.map((failure) => failure.message)];
      }),
    );
    expect(judged).toEqual([
      ['before', 'failed', ["Argument 'archived: Boolean' was removed from field 'Query.paginatedUsers' [breaking, used by UsersPage]"]],
      ['after', 'passed', []],
    ]);
  } finally {
    await Promise.all([released.close(), other.close()]);
  }
});
