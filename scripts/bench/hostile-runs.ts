import { type Hostility, startHostileServer } from '../../tests/hostile/hostile-server';
import { timedRunOfTargets, type TimedRun } from './run-concurrency';

/**
 * `npm start` against one hostile organisation (the self-test's hostile server, tests/hostile/), the
 * whole catalogue, as a user would point it there: what its answers cost against a healthy run.
 */
export async function timedRunAgainstHostile(hostility: Hostility): Promise<TimedRun> {
  const server = await startHostileServer(hostility);
  try {
    return await timedRunOfTargets([{ name: hostility, server }], { meantToFail: true });
  } finally {
    await server.close();
  }
}
