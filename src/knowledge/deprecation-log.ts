import { TargetFile } from './target-file';

export interface FirstSeen {
  firstSeen: string;
  reason: string;
}

/** When each deprecation was first seen per target, so the radar can say "deprecated since". */
export type DeprecationLog = TargetFile<FirstSeen>;

export function loadDeprecationLog(path: string): DeprecationLog {
  return TargetFile.load<FirstSeen>(
    path,
    'Deprecations in the target schema and the date each was first seen. Written by the deprecation radar; commit it.',
    'the next run records every deprecation afresh',
  );
}
