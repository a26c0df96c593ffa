import * as playwright from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { catalogue } from '../../src/checks/catalogue';
import { RunAhead } from '../../src/run/run-ahead';
import { selectedChecks } from '../../src/run/selection';
import { settledInMemory, settledInRunFolder } from '../../src/run/settled-outcomes';
import { sharedOutage } from '../../src/run/shared-outage';
import { takeTargetLock } from '../../src/run/target-lock';
import { isStopping } from '../../src/security/run-folder';
import { RUN_SECRETS_VARIABLE } from '../../src/security/run-secrets';
import type { Preflight } from '../../src/run/preflight';
import { PREFLIGHT_VARIABLE } from '../../src/run/run-preflight';
import type { CheckContext } from '../../src/checks/check';
import { createCheckContext } from '../../src/checks/check-context';
import { NodeTransport } from '../../src/http/node-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { runConfiguration } from '../../src/targets/run-configuration';
import type { TargetIdentity } from '../../src/targets/target-identity';

/** What the run's preflight saw of each target, by key (global-setup.ts); none when it did not look. */
function preflightLooks(): Record<string, Preflight> {
  const path = process.env[PREFLIGHT_VARIABLE];
  if (!path || !existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Preflight>;
}

export type RunContext = CheckContext & { identity: TargetIdentity; preflight: Preflight | undefined; ahead: RunAhead };

/**
 * The test runner without the browser's fixtures: the monitored suite opens no page, and
 * @playwright/test's `test` sets up trace recording and context options for every test, each
 * setup and teardown a step with a captured, source-mapped stack (about a quarter of a worker's
 * CPU for a target's 47 checks). Playwright's own base test, when this Playwright has it.
 */
const base = ((playwright as unknown as { _baseTest?: typeof playwright.test })._baseTest ?? playwright.test) as typeof playwright.test;

/**
 * One Pluvo context per worker, and one worker per target at a time (playwright.config.ts, and a
 * lock in the run's folder): its token cache, concurrency bound and budgets are the target's. The
 * worker starts every check the run selected for its target at once (RunAhead); each test then
 * reports its own. With a targets file, each target is a Playwright project and its name comes in
 * as the pluvoTarget option; without one, the environment names the target.
 */
export const test = base.extend<object, { pluvo: RunContext; pluvoTarget: string | undefined }>({
  pluvoTarget: [undefined, { scope: 'worker', option: true }],
  pluvo: [
    async ({ pluvoTarget }, use, workerInfo) => {
      const target = runConfiguration().targets.find((candidate) => candidate.name === pluvoTarget)!;
      const runDir = process.env[RUN_SECRETS_VARIABLE] ? dirname(process.env[RUN_SECRETS_VARIABLE]) : undefined;
      const lock = runDir ? await takeTargetLock(runDir, target.identity.key) : undefined;
      // Node's HTTP client, not Playwright's request context: that one buffers a whole body
      // before we see it (a 50 MB answer is 50 MB, times every request in flight), while this
      // one stops reading at PLUVO_MAX_RESPONSE_BYTES.
      const clients = createPluvoClients(target.config, new NodeTransport());
      const preflight = preflightLooks()[target.identity.key];
      const outage = runDir ? sharedOutage(runDir, target.identity.key) : undefined;
      const context = createCheckContext(target.config, clients, target.knowledge, outage ? { outage } : {});
      const ahead = new RunAhead(context, runDir ? settledInRunFolder(runDir, target.identity.key) : settledInMemory());
      // Nothing is started for a target the preflight found not answering: its checks are not run.
      const selected = runDir && (!preflight || preflight.state === 'answers') ? selectedChecks(runDir, workerInfo.project.name) : undefined;
      if (selected) ahead.start(catalogue(context.operations).filter((check) => selected.has(check.id)));
      await use({ ...context, identity: target.identity, preflight, ahead });
      await ahead.settle(() => (runDir ? isStopping(runDir) : false));
      clients.limits.close();
      lock?.release();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
