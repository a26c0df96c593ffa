import { targetKey } from '../knowledge/target-file';
import { mustNotPin, NOT_ONBOARDED, type CheckContext, type CheckRecorder } from './check';

/**
 * Behaviour Pluvo's docs leave open (what `first: 51` does, how a missing scope is refused): the
 * first observation on a target is pinned in schemas/baseline.json, any later difference fails.
 * Clients may depend on either behaviour, so a change is news even when both are acceptable.
 */
export function expectPinned(
  recorder: CheckRecorder,
  context: CheckContext,
  pinned: { key: string; what: string; observed: string; describe: (value: string) => string },
): void {
  const target = targetKey(context.config.target);
  const file = context.knowledge.baselinePath;
  const before = context.baseline.get(target, pinned.key);
  if (!before && mustNotPin(context)) {
    recorder.fail(
      `${NOT_ONBOARDED} ${pinned.what} gives ${pinned.describe(pinned.observed)} on ${target}, but nothing is pinned for this target in ${file}, and CI keeps nothing it would pin. Run \`npm run onboard\` with its credentials and commit the files it names.`,
      'config',
    );
    return;
  }
  if (!before) {
    // In memory at once, so the worker's later checks compare with it; on disk when the run completes.
    context.baseline.pin(target, pinned.key, pinned.observed);
    recorder.pin({ file, target, key: pinned.key, value: pinned.observed });
    // Onboarding writes it now; a run hands it to the reporter, which keeps it once the run completes.
    const when = context.pinning ? 'pinned' : 'to be pinned';
    recorder.info(`${pinned.what}: observed ${pinned.describe(pinned.observed)}, ${when} in ${file}; review and commit that file.`);
    return;
  }
  recorder.expect(
    before === pinned.observed,
    `${pinned.what} used to give ${pinned.describe(before)} (pinned in ${file}) and now gives ${pinned.describe(pinned.observed)}. The docs leave this open, so clients may depend on either; \`npm run baseline\` accepts the new behaviour.`,
  );
}
