import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SANDBOX_DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { SANDBOX_URL_VARIABLE } from '../../src/config/load-config';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import type { FaultName } from '../../sandbox/faults';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

/** One `npm start` as measured: wall and CPU seconds (the run's processes, not the sandboxes'), its exit, and what each sandbox served. */
export interface TimedRun {
  seconds: number;
  cpuSeconds: number;
  /** The largest resident size of any of the run's processes (the runner, as a rule), in MB: GNU time's %M over the tree. */
  peakRssMb: number;
  exitCode: number | null;
  requests: number[];
  maxInFlight: number[];
  /** Seconds from the start until each target's closing line ("✓ [org-1] 46 checks held …"), by target name. */
  targetDoneSeconds: Map<string, number>;
}

/** Variables of a developer's shell that would point the run elsewhere. */
const BLANKED = [
  'PLUVO_ORG',
  'PLUVO_BASE_URL',
  'PLUVO_CLIENT_ID',
  'PLUVO_CLIENT_SECRET',
  'PLUVO_SCOPES',
  'PLUVO_TARGETS',
  'SLACK_WEBHOOK_URL',
  'SANDBOX_FAULTS',
  'PLUVO_WALK',
];

/**
 * CPU seconds of this process's children that have ended, descendants included: Linux adds a
 * child's own children's time to it when it waits for them, so a whole `npm start` is here once it exits.
 */
export function endedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field, which is field 3.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** What a run is measured against: a sandbox, or any server that counts what it served. */
type Served = Pick<RunningSandbox, 'requests'> & Partial<Pick<RunningSandbox, 'maxInFlight'>>;

export async function timedStart(env: Record<string, string>, sandboxes: Served[], options: { meantToFail?: boolean } = {}): Promise<TimedRun> {
  const reports = mkdtempSync(join(tmpdir(), 'pluvo-bench-'));
  const before = sandboxes.map((sandbox) => sandbox.requests);
  const cpuBefore = endedChildrenCpuSeconds();
  const started = performance.now();
  // As `npm start` runs it: tsx's loader in the command's own process. Under GNU time, which
  // writes the largest resident size of the tree it waited for to a file of its own, not the output.
  const peakFile = join(reports, '.peak-rss-kib');
  const child = spawn('/usr/bin/time', ['-o', peakFile, '-f', '%M', process.execPath, '--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, ...Object.fromEntries(BLANKED.map((name) => [name, ''])), PLUVO_REPORTS_DIR: reports, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const targetDoneSeconds = new Map<string, number>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    // A target's checks have all been told when the console closes it with its ✓ line.
    for (const [, name] of chunk.toString().matchAll(/✓ \[([^\]]+)\] \d+ checks? held/g))
      if (!targetDoneSeconds.has(name!)) targetDoneSeconds.set(name!, (performance.now() - started) / 1000);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((done) => child.on('close', done));
  const seconds = (performance.now() - started) / 1000;
  // GNU time's last line is the figure: a child ended by a signal adds a line before it.
  const peakRssMb = Number(readFileSync(peakFile, 'utf8').trim().split('\n').at(-1)) / 1024;
  rmSync(reports, { recursive: true, force: true });
  // A run that fails on purpose (a fault) says so in its exit code; only one that should not, in full.
  if (exitCode !== 0 && !options.meantToFail) process.stderr.write(output.slice(-3000));
  return {
    seconds,
    cpuSeconds: endedChildrenCpuSeconds() - cpuBefore,
    peakRssMb,
    exitCode,
    requests: sandboxes.map((sandbox, index) => sandbox.requests - before[index]!),
    maxInFlight: sandboxes.map((sandbox) => sandbox.maxInFlight ?? 0),
    targetDoneSeconds,
  };
}

/**
 * `npm start` as a user runs it against one sandbox that is already running (as with `npm run
 * sandbox -- --users 100000 --latency-ms 100`), handed over as the embedded one, so the run keeps
 * its pins in memory and no committed file changes.
 */
export async function timedRunOfOne(latencyMs: number, users?: number, faults: FaultName[] = []): Promise<TimedRun> {
  const sandbox = await startSandbox({ port: 0, latencyMs, ...(users ? { users } : {}), faults: new Set(faults) });
  try {
    return await timedStart({ [SANDBOX_URL_VARIABLE]: sandbox.url }, [sandbox], { meantToFail: faults.length > 0 });
  } finally {
    await sandbox.close();
  }
}

/** An organisation of a targets file as the bench runs it: its name and a server that counts what it served. */
export type BenchTarget = { name: string; server: Served & { url: string } };

/**
 * `npm start` over a targets file of the given organisations, each with a copy of the self-test's
 * knowledge in a folder of the bench's own, so that what a run pins changes no committed file.
 */
export async function timedRunOfTargets(organisations: readonly BenchTarget[], options: { meantToFail?: boolean } = {}): Promise<TimedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pluvo-bench-orgs-'));
  try {
    const targets = organisations.map(({ name, server }) => {
      const schemas = join(dir, name);
      cpSync(SANDBOX_ORG.schemasDir, schemas, { recursive: true });
      onboardedAt(schemas, server.url);
      return { name, baseUrl: server.url, clientIdEnv: 'BENCH_ID', clientSecretEnv: 'BENCH_SECRET', schemas };
    });
    writeFileSync(join(dir, 'targets.json'), JSON.stringify({ targets }));
    return await timedStart(
      {
        PLUVO_TARGETS: join(dir, 'targets.json'),
        BENCH_ID: SANDBOX_DEMO_CLIENT.clientId,
        BENCH_SECRET: SANDBOX_DEMO_CLIENT.clientSecret,
        PLUVO_CONTRACTS_DIR: resolve(SANDBOX_ORG.contractsDir),
      },
      organisations.map(({ server }) => server),
      options,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A copy of the sandbox's pins filed under an organisation's own address, as `npm run onboard`
 * leaves them and a team commits them: the run measured is a monitoring run, which finds nothing
 * new to pin, not an organisation's first.
 */
function onboardedAt(schemas: string, address: string): void {
  for (const name of ['baseline.json', 'deprecations.json']) {
    const path = join(schemas, name);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { targets: Record<string, unknown> };
    file.targets = { [address]: file.targets.sandbox };
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  }
}

/**
 * `npm start` over a targets file of `count` organisations, each a sandbox of its own `latencyMs`
 * away (its own API client and rate limit, as in Pluvo); with `hanging`, one more organisation
 * last, "hangs", that accepts every connection and never answers.
 */
export async function timedRunOfMany(count: number, latencyMs: number, options: { hanging?: boolean } = {}): Promise<TimedRun> {
  const sandboxes = await Promise.all(Array.from({ length: count }, () => startSandbox({ port: 0, latencyMs })));
  const hanging = options.hanging ? await neverAnswering() : undefined;
  try {
    const organisations: BenchTarget[] = sandboxes.map((sandbox, index) => ({ name: `org-${index + 1}`, server: sandbox }));
    if (hanging) organisations.push({ name: 'hangs', server: hanging });
    // One that never answers is unavailable, and the run says so in its exit code.
    return await timedRunOfTargets(organisations, { meantToFail: !!hanging });
  } finally {
    await Promise.all([...sandboxes.map((sandbox) => sandbox.close()), hanging?.close()]);
  }
}

/** A server on 127.0.0.1 that takes every request and never answers, until it is closed. */
async function neverAnswering(): Promise<{ url: string; readonly requests: number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests += 1;
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
