import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { FAULTS } from '../../sandbox/faults';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';

const TSX = 'node_modules/tsx/dist/cli.mjs';
const cli = (...args: string[]) => spawnSync(process.execPath, [TSX, 'sandbox/cli.ts', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SANDBOX_FAULTS: '', SANDBOX_PORT: '' } });

test.describe('sandbox: command line', () => {
  test('--help lists every option and every fault, a line each', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    for (const option of ['--port', '--seed', '--users', '--token-ttl', '--latency-ms', '--rate-limit', '--over-limit', '--faults']) expect(result.stdout).toContain(option);
    for (const fault of FAULTS) expect(result.stdout).toMatch(new RegExp(`^  ${fault.name} +${fault.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });

  const bad: Array<[string[], RegExp]> = [
    [['--faults', 'nope'], /^sandbox: unknown fault "nope"; known faults: no-slash-redirect, /],
    [['--port', 'abc'], /^sandbox: --port must be a whole number from 0 to 65535, not "abc"\. See --help\.$/],
    [['--users', '200000'], /^sandbox: --users must be a whole number from 1 to 100000/],
    [['--over-limit', 'maybe'], /^sandbox: --over-limit must be "error" or "clamp"/],
    [['--bogus'], /^sandbox: Unknown option '--bogus'.*See --help\.$/],
  ];
  for (const [args, message] of bad) {
    test(`${args.join(' ')}: one line and exit 2`, () => {
      const result = cli(...args);
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  test('prints its base URL and demo credentials, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [TSX, 'sandbox/cli.ts', '--port', '0', '--faults', 'wrong-count'], { env: { ...process.env, SANDBOX_FAULTS: '' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await expect.poll(() => stdout, { timeout: 20_000 }).toContain('Faults:');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain(`client_id=${DEMO_CLIENT.clientId} client_secret=${DEMO_CLIENT.clientSecret}`);
    expect(stdout).toContain('Faults:       wrong-count');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, faults: ['wrong-count'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
