import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../checks/check';
import type { CheckOutcome } from '../outcome/check-outcome';
import { keyedName } from './keyed-name';

/** A check's first run, judged and confirmed: what its test reports. */
export interface SettledCheck {
  result: CheckResult;
  outcome: CheckOutcome;
}

/**
 * The first runs of a target's checks that have ended, kept in the run's own folder (0700, removed
 * with it). Playwright starts a new worker after every failed test; the worker that stops hands
 * on what its checks found here, so the next one reports them instead of asking Pluvo again.
 */
export interface SettledOutcomes {
  /** What a check found, for a test still to report it; or only that its test reported it already. */
  keep(checkId: string, settled: SettledCheck | typeof REPORTED): void;
  read(checkId: string): SettledCheck | typeof REPORTED | undefined;
}

/** A check whose test reported it: not to be run again by a worker that comes after. */
export const REPORTED = 'reported';

export function settledInRunFolder(runDir: string, targetKey: string): SettledOutcomes {
  const dir = join(runDir, keyedName('settled', targetKey));
  const path = (checkId: string) => join(dir, `${keyedName('check', checkId)}.json`);
  return {
    keep: (checkId, settled) => {
      // Whole or not at all, for the next worker's read; not synced to disk: the folder does not outlive the run.
      mkdirSync(dir, { recursive: true });
      const temporary = `${path(checkId)}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(settled));
      renameSync(temporary, path(checkId));
    },
    read: (checkId) => {
      try {
        return JSON.parse(readFileSync(path(checkId), 'utf8')) as SettledCheck | typeof REPORTED;
      } catch {
        return undefined;
      }
    },
  };
}

/** Kept in memory only: a run without a run folder (a test of ours). */
export function settledInMemory(): SettledOutcomes {
  const kept = new Map<string, SettledCheck | typeof REPORTED>();
  return { keep: (checkId, settled) => kept.set(checkId, settled), read: (checkId) => kept.get(checkId) };
}
