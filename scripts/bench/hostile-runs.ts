import { SANDBOX_DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { type Hostility, startHostileServer } from '../../tests/hostile/hostile-server';
import { timedStart, type TimedRun } from './run-concurrency';

/**
 * `npm start` against one hostile organisation (the self-test's hostile server, tests/hostile/), the
 * whole catalogue, as a user would point it there: what its answers cost against a healthy run.
 */
export async function timedRunAgainstHostile(hostility: Hostility): Promise<TimedRun> {
  const server = await startHostileServer(hostility);
  try {
    return await timedStart(
      { PLUVO_BASE_URL: server.url, PLUVO_CLIENT_ID: SANDBOX_DEMO_CLIENT.clientId, PLUVO_CLIENT_SECRET: SANDBOX_DEMO_CLIENT.clientSecret },
      [server],
      { meantToFail: true },
    );
  } finally {
    await server.close();
  }
}
