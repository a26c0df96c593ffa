/**
 * `npm run baseline`: observe, for each configured target, the behaviour Pluvo's docs leave open
 * (the checks marked pinsBaseline: what `first: 51` does on each connection, how a missing scope
 * is refused) and pin it in the target's baseline.json, replacing what was pinned for that target
 * before. `npm run onboard` does this and more for a new target.
 */
import { exitOnConfigError } from '../src/config/config-error';
import { runTargets } from '../src/targets/targets-file';
import { readCommandLine, refuse } from './support/command-line';
import { narrowedTo, TARGET_OPTION } from './support/target-choice';
import { counted } from '../src/text/counted';
import { pinTarget } from './support/target-files';
import { withTarget } from './support/with-target';

const COMMAND = {
  name: 'baseline',
  typed: 'npm run baseline',
  does: `Observe, for each configured target (or those named with --target), the behaviour Pluvo's docs leave
open (what first: 51 does on each connection, how a missing scope is refused) and pin it in the
target's baseline.json, replacing what was pinned for that target before. Review the diff and commit it.`,
  options: { target: TARGET_OPTION },
};
const { values } = readCommandLine(COMMAND);
const env = narrowedTo(values, (problem) => refuse(COMMAND, problem));

let failures = 0;
for (const chosen of exitOnConfigError(() => runTargets(env, undefined, { writing: true }))) {
  await withTarget(chosen, async (target) => {
    const pinned = await pinTarget(target, { deprecations: false });
    failures += pinned.failures;
    for (const line of pinned.lines) process.stdout.write(`${line}\n`);
    process.stdout.write(
      pinned.baselineKept
        ? `baseline: ${target.knowledge.baselinePath} left as it was for ${target.identity.label}: ${counted(pinned.failures, 'behaviour')} could not be observed (above). Run again when it answers.\n`
        : `baseline: ${target.knowledge.baselinePath} updated for ${target.identity.label}. Review the diff and commit it.\n`,
    );
  });
}
process.exitCode = failures ? 1 : 0;
