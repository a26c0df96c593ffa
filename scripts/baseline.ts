/**
 * `npm run baseline`: observe, for the configured target, the behaviour Pluvo's docs leave open
 * (the checks marked pinsBaseline: what `first: 51` does on each connection, how a missing scope
 * is refused) and pin it in schemas/baseline.json, replacing what was pinned for that target before. The contract run pins on first use too; this re-observes.
 */
import { loadBaseline } from '../src/baseline/baseline';
import { TargetFile, targetKey } from '../src/baseline/target-file';
import { CONTRACT_CHECKS } from '../src/checks/catalogue';
import { createCheckContext } from '../src/checks/check-context';
import { exitOnConfigError } from '../src/config/config-error';
import { FetchTransport } from '../src/http/fetch-transport';
import { createPluvoClients } from '../src/pluvo/pluvo-clients';
import { withTarget } from './support/with-target';

await withTarget(async (config) => {
  const baseline = exitOnConfigError(() => loadBaseline());
  const target = targetKey(config.target);
  baseline.forget(target);
  const context = createCheckContext(config, createPluvoClients(config, new FetchTransport()), { baseline, deprecations: TargetFile.inMemory() });
  let failures = 0;
  for (const check of CONTRACT_CHECKS.filter((c) => c.pinsBaseline)) {
    const result = await check.run(context);
    for (const finding of result.findings) {
      if (finding.severity === 'fail') failures += 1;
      process.stdout.write(`${check.id}: ${finding.message}\n`);
    }
    if (result.skipped) process.stdout.write(`${check.id}: skipped: ${result.skipped}\n`);
  }
  process.stdout.write(`baseline: schemas/baseline.json updated for ${target}. Review the diff and commit it.\n`);
  process.exitCode = failures ? 1 : 0;
});
