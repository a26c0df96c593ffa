import { lockReportsFolder } from '../../src/process/exclusive-lock';
import { recordRunWithoutReports } from '../../src/report/unreported-run';
import { namedRunTargets } from '../../src/targets/run-configuration';
import { ArgumentError, parseRunArguments } from './run-arguments';

/** Why the history line of such a run says interrupted. */
export const STOPPED_BEFORE_START = 'the run was stopped before it had started';

/**
 * The history line of a run whose command a stop ended while it was still loading, before it had
 * a handler: it took no lock, sent no request and wrote nothing, yet the monitor had announced it,
 * and the history and the status page must not skip a run (the same line `npm start` writes for a
 * runner stopped before it had loaded). One line per target its arguments name, written under the
 * run's lock; nothing when the arguments would have run nothing, or a run holds the lock. Says in
 * one line what kept it from being written.
 */
export function recordStoppedBeforeStart(reports: string, runArgs: readonly string[]): string | undefined {
  let args;
  try {
    args = parseRunArguments(runArgs);
  } catch (error) {
    if (error instanceof ArgumentError) return undefined;
    throw error;
  }
  // A listing or a help writes no history; a shard leaves the history to the step that merges.
  if (args.help || args.sharded || runArgs.includes('--list')) return undefined;
  const taking = lockReportsFolder(reports, 'run.lock', 'run');
  if ('unwritable' in taking) return `the history could not be written (${taking.unwritable})`;
  if (!taking.taken) return undefined;
  try {
    recordRunWithoutReports(reports, namedRunTargets(args.targets), STOPPED_BEFORE_START);
    return undefined;
  } catch (error) {
    return `the history could not be written: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    taking.lock.release();
  }
}
