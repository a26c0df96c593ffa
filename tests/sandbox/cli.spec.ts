import { test, expect } from '../contract/base-test';
import { spawnSync } from 'node:child_process';
import { startCommand } from '../support/command';
import { FAULTS } from '../../sandbox/faults';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { OptionsError, readOptions } from '../../sandbox/cli-options';
import { ourScript } from '../support/our-script';

const cli = (...args: string[]) =>
  spawnSync(...ourScript('sandbox/cli.ts', args), {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, SANDBOX_FAULTS: '', SANDBOX_PORT: '' },
  });

test.describe('sandbox: command line', () => {
  test('--help lists every option and every fault, a line each', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    for (const option of ['--port', '--seed', '--users', '--token-ttl', '--latency-ms', '--rate-limit', '--over-limit', '--faults'])
      expect(result.stdout).toContain(option);
    for (const fault of FAULTS) expect(result.stdout).toMatch(new RegExp(`^  ${fault.name} +${fault.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });

  // Each bad option is judged by the parser itself; one of them goes through the real command.
  const bad: Array<[string[], RegExp]> = [
    [['--faults', 'nope'], /^unknown fault "nope"; known faults: no-slash-redirect, /],
    [['--port', 'abc'], /^--port must be a whole number from 0 to 65535, not "abc"\. See npm run sandbox -- --help\.$/],
    [['--users', '200000'], /^--users must be a whole number from 1 to 100000/],
    [['--over-limit', 'maybe'], /^--over-limit must be "error" or "clamp"/],
    [['--churn', 'lots'], /^--churn must be a whole number from 0 to 10000, not "lots"/],
    [['--bogus'], /^unknown option --bogus\. See npm run sandbox -- --help\.$/],
    [['--user', '5'], /^unknown option --user \(did you mean --users\?\)\. See npm run sandbox -- --help\.$/],
    [['--latency', '5'], /^unknown option --latency \(did you mean --latency-ms\?\)/],
  ];
  for (const [args, message] of bad) {
    test(`${args.join(' ')}: one line`, () => {
      let thrown: unknown;
      try {
        readOptions(args, {});
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OptionsError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('\n');
    });
  }

  test('a bad option on the command line: one line on stderr and exit 2', () => {
    const result = cli('--port', 'abc');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('sandbox: --port must be a whole number from 0 to 65535, not "abc". See npm run sandbox -- --help.');
  });

  test('--help wins whatever else is on the line; a port from SANDBOX_PORT is named as such', () => {
    expect(readOptions(['--users', 'lots', '--help', '--bogus'], {})).toBe('help');
    expect(() => readOptions([], { SANDBOX_PORT: 'abc' })).toThrow(/^SANDBOX_PORT must be a whole number from 0 to 65535, not "abc"/);
    expect(() => readOptions(['--port', 'abc'], { SANDBOX_PORT: '4010' })).toThrow(/^--port must be/);
  });

  test('prints its base URL and demo credentials, serves, and stops on SIGTERM as a stopped command does (143)', async () => {
    const sandbox = startCommand(...ourScript('sandbox/cli.ts', ['--port', '0', '--faults', 'wrong-count']), { env: { ...process.env, SANDBOX_FAULTS: '' } });
    await sandbox.until(/Faults:/);
    const stdout = sandbox.stdout();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain(`client_id=${DEMO_CLIENT.clientId} client_secret=${DEMO_CLIENT.clientSecret}`);
    expect(stdout).toContain('Faults:       wrong-count');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, faults: ['wrong-count'] });
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.closed).toBe(143);
    // Its own exit, having closed its server: not the signal's default end, which a shell reads the same.
    expect(sandbox.child.exitCode).toBe(143);
  });
});
