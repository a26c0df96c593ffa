import { TargetFile } from './target-file';

/**
 * Behaviour the Pluvo docs leave open, observed once per target and pinned, so a later change is
 * reported: e.g. whether `first: 51` gets an error ("error") or a silent cap of 50 ("clamp").
 */
export type Baseline = TargetFile<string>;

export function loadBaseline(path: string): Baseline {
  return TargetFile.load<string>(
    path,
    'Behaviour the Pluvo docs leave open, as observed per target. Review and commit changes; `npm run baseline` observes again.',
    'run `npm run baseline` to observe and pin again',
  );
}
