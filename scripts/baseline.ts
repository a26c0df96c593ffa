/**
 * `npm run baseline`: observe, for the configured target, the behaviour Pluvo's docs leave open
 * (the checks marked pinsBaseline: what `first: 51` does on each connection, how a missing scope
 * is refused) and pin it in schemas/baseline.json, replacing what was pinned for that target
 * before. `npm run onboard` does this and more for a new target.
 */
import { targetKey } from '../src/baseline/target-file';
import { pinTarget } from './support/target-files';
import { withTarget } from './support/with-target';

await withTarget(async (config) => {
  const { lines, failures } = await pinTarget(config, { deprecations: false });
  for (const line of lines) process.stdout.write(`${line}\n`);
  process.stdout.write(`baseline: schemas/baseline.json updated for ${targetKey(config.target)}. Review the diff and commit it.\n`);
  process.exitCode = failures ? 1 : 0;
});
