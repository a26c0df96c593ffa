import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { startEmbeddedSandbox } from '../../src/embedded/embedded-sandbox';
import { NodeTransport } from '../../src/http/node-transport';
import { CONNECTIONS } from '../../src/paging/connections';
import { walkKeys, walkOffset } from '../../src/paging/walk';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';

export interface MonitorRunResult {
  users: number;
  latencyMs: number;
  exitCode: number | null;
  seconds: number;
  requests: number;
}

/** Variables of a developer's shell that would point the run elsewhere. */
const BLANKED = ['PLUVO_ORG', 'PLUVO_BASE_URL', 'PLUVO_CLIENT_ID', 'PLUVO_CLIENT_SECRET', 'PLUVO_SCOPES', 'SLACK_WEBHOOK_URL', 'SANDBOX_FAULTS', 'PLUVO_WALK'];

/**
 * `npm start` as a user runs it against a large, far-away sandbox that is already running (as
 * with `npm run sandbox -- --users 100000 --latency-ms 100`): wall time, and the requests the
 * sandbox served, which is the run's cost to the organisation's rate limit. The sandbox is handed
 * over as the embedded one, so the run keeps its pins in memory and no committed file changes.
 */
export async function measureMonitorRun(users: number, latencyMs: number): Promise<MonitorRunResult> {
  const sandbox = await startEmbeddedSandbox({ users, latencyMs });
  const reports = mkdtempSync(join(tmpdir(), 'pluvo-bench-'));
  const env = { ...process.env, ...Object.fromEntries(BLANKED.map((name) => [name, ''])), [SANDBOX_URL_VARIABLE]: sandbox.url, PLUVO_REPORTS_DIR: reports };
  const started = performance.now();
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  const requests = sandbox.requests;
  await sandbox.close();
  rmSync(reports, { recursive: true, force: true });
  if (exitCode !== 0) process.stderr.write(output.slice(-2000));
  return { users, latencyMs, exitCode, seconds, requests };
}

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
