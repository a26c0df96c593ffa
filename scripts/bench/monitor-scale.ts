import { loadConfig, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import { NodeTransport } from '../../src/http/node-transport';
import { CONNECTIONS } from '../../src/paging/connections';
import { walkKeys, walkOffset } from '../../src/paging/walk';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

export interface OffsetWalkResult {
  users: number;
  latencyMs: number;
  pages: number;
  secondsAt1: number;
  secondsAt8: number;
  sameNodes: boolean;
}

/** The full mode's offset walk of paginatedUsers at concurrency 1 and 8, against one sandbox. */
export async function measureOffsetWalk(users: number, latencyMs: number): Promise<OffsetWalkResult> {
  const sandbox = await startEmbeddedSandbox({ users, latencyMs });
  const spec = CONNECTIONS.find((connection) => connection.field === 'paginatedUsers')!;
  try {
    const walk = async (concurrency: number) => {
      const config = loadConfig({ [SANDBOX_URL_VARIABLE]: sandbox.url, PLUVO_CONCURRENCY: String(concurrency) });
      const { graphql } = createPluvoClients(config, new NodeTransport());
      await graphql.tokens.getToken(['users.read']);
      const started = performance.now();
      const result = await walkOffset(graphql, spec, { kind: 'token', scopes: ['users.read'] }, users);
      return { seconds: (performance.now() - started) / 1000, keys: walkKeys(result), pages: result.pages.length };
    };
    const one = await walk(1);
    const eight = await walk(8);
    return {
      users,
      latencyMs,
      pages: one.pages,
      secondsAt1: one.seconds,
      secondsAt8: eight.seconds,
      sameNodes: one.keys.length === users && JSON.stringify(one.keys) === JSON.stringify(eight.keys),
    };
  } finally {
    await sandbox.close();
  }
}
