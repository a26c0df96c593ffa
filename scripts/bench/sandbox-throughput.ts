import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { descendantsOf } from '../../src/process/process-tree';

export interface ThroughputResult {
  users: number;
  concurrency: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  sandboxRssMb: number;
}

const PAGE =
  'query Page($after: String) { paginatedUsers(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id ref name email isActive roles language } } } }';

/** Start the sandbox in its own process, so the load generator does not share its event loop. */
async function startSandboxProcess(users: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--users', String(users)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SANDBOX_FAULTS: '' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { url, child };
}

/** Resident memory of a process and all its descendants (tsx runs the script in a child). */
function treeRssMb(root: number | undefined): number {
  const tree = root === undefined ? [] : [root, ...descendantsOf(root)];
  let kb = 0;
  for (const pid of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone already.
    }
  }
  return kb / 1024;
}

/**
 * Cursor walks of paginatedUsers(first: 50) from `concurrency` parallel walkers for `seconds`
 * (loopback only, bounded in time). Each walker starts over when it reaches the end.
 */
export async function measureThroughput(users: number, concurrency: number, seconds: number): Promise<ThroughputResult> {
  const { url, child } = await startSandboxProcess(users);
  try {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret,
      scope: 'users.read',
    });
    const token = ((await (await fetch(`${url}/oauth/token/`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const latencies: number[] = [];
    const walk = async (deadline: number, record: boolean) => {
      let after: string | null = null;
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await fetch(`${url}/graphql/`, { method: 'POST', headers, body: JSON.stringify({ query: PAGE, variables: { after } }) });
        const body = (await response.json()) as { data: { paginatedUsers: { pageInfo: { hasNextPage: boolean; endCursor: string } } } };
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        if (record) latencies.push(performance.now() - started);
        const { pageInfo } = body.data.paginatedUsers;
        after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      }
    };
    // Warm-up: JIT and the filtered-user cache.
    await Promise.all(Array.from({ length: concurrency }, () => walk(performance.now() + 1_000, false)));
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, () => walk(started + seconds * 1000, true)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      users,
      concurrency,
      requests: latencies.length,
      seconds: elapsed,
      requestsPerSecond: latencies.length / elapsed,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      sandboxRssMb: treeRssMb(child.pid),
    };
  } finally {
    child.kill('SIGTERM');
  }
}
