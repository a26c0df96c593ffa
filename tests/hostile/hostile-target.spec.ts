import { test, expect } from '../contract/base-test';
import { TargetFile } from '../../src/knowledge/target-file';
import { FIXTURE_CHECKS as CONTRACT_CHECKS } from '../support/run-checks';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { judgeCheck } from '../../src/outcome/check-outcome';
import { createCheckContext } from '../../src/checks/check-context';
import { loadConfig } from '../../src/config/load-config';
import { NodeTransport } from '../../src/http/node-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { reportableExchange } from '../../src/report/reportable-exchange';
import { redactValue } from '../../src/security/redact';
import { readTree } from '../support/run-monitor';
import { runInProcess } from '../support/run-in-process';
import { startHostileServer, type Hostility } from './hostile-server';

/**
 * The whole catalogue against a hostile target, in-process: no check may throw (a stack trace is
 * not a finding), every finding is one bounded line, every attachment stays small, and no token
 * or 12-character fragment of one reaches any of them.
 */
async function runAgainst(hostility: Hostility, options: { checks?: string[]; timeoutMs?: number } = {}) {
  const server = await startHostileServer(hostility);
  try {
    const config = loadConfig({
      PLUVO_BASE_URL: server.url,
      PLUVO_CLIENT_ID: 'hostile-client',
      PLUVO_CLIENT_SECRET: 'hostile-secret-value',
      PLUVO_PAGING_SEED: '1',
      PLUVO_TIMEOUT_MS: String(options.timeoutMs ?? 20_000),
    });
    const context = createCheckContext(config, createPluvoClients(config, new NodeTransport()), SANDBOX_ORG, {
      files: { baseline: TargetFile.inMemory(), deprecations: TargetFile.inMemory() },
    });
    const outputs: string[] = [];
    const thrown: string[] = [];
    const failures = new Map<string, string[]>();
    const troubles = new Map<string, string | undefined>();
    for (const check of CONTRACT_CHECKS.filter((c) => !options.checks || options.checks.includes(c.id))) {
      try {
        const result = await check.run(context);
        outputs.push(
          ...result.findings.map((f) => redactValue(f.message)),
          ...result.exchanges.map((e) => redactValue(reportableExchange(e))),
          ...(result.attachments ?? []).map((a) => redactValue(a.body)),
        );
        failures.set(
          check.id,
          result.findings.filter((f) => f.severity === 'fail').map((f) => f.message),
        );
        const { cause } = judgeCheck(check, result, config);
        troubles.set(check.id, cause === 'contract' ? undefined : cause);
      } catch (error) {
        thrown.push(`${check.id}: ${(error as Error).message.slice(0, 200)}`);
      }
    }
    return { outputs, thrown, failures, troubles, tokens: server.tokens };
  } finally {
    await server.close();
  }
}

const fragments = (token: string) => Array.from({ length: token.length - 11 }, (_, i) => token.slice(i, i + 12));

test.describe('a hostile target: bounded, one line, nothing leaked', () => {
  test('a 50 MB body is not read: the checks fail with "response too large", every attachment stays small', async () => {
    const { outputs, thrown, failures } = await runAgainst('huge-body');
    expect(thrown).toEqual([]);
    expect(failures.get('paging.page-size.paginatedUsers')?.join(' ')).toMatch(
      /response too large \(more than 5242880 bytes; the limit is 5242880, PLUVO_MAX_RESPONSE_BYTES\)/,
    );
    expect(Math.max(...outputs.map((text) => text.length))).toBeLessThan(60_000);
  });

  test('20,000 errors: a line names five and counts the rest; a report lists twenty', async () => {
    const { outputs, thrown, failures } = await runAgainst('many-errors');
    expect(thrown).toEqual([]);
    const line = failures.get('transport.first-request')?.[0] ?? '';
    expect(line).toMatch(/GraphQL errors \(HTTP 200\): error 0 \| error 1 \| error 2 \| error 3 \| error 4 …and 19995 more/);
    expect(line.length).toBeLessThan(1_000);
    const exchange = outputs.find((text) => text.includes('"moreErrors": 19980'));
    expect(exchange).toBeDefined();
    expect(Math.max(...outputs.map((text) => text.length))).toBeLessThan(60_000);
  });

  test('JSON nested 100,000 deep: findings, not stack traces; each answer refused unread', async () => {
    const { outputs, thrown, failures } = await runAgainst('deep-json');
    expect(thrown).toEqual([]);
    expect(failures.get('transport.first-request')?.join(' ')).toBe(
      'The documented first request should answer with data; got HTTP 200: a 200 that is not a GraphQL JSON body (application/json): JSON nested deeper than 512 levels, not read.',
    );
    for (const text of outputs) expect(text).not.toMatch(/Maximum call stack|is not iterable/);
  });

  for (const hostility of ['drip', 'hang'] as const) {
    test(`a response that ${hostility === 'drip' ? 'drips a byte at a time and never ends' : 'never comes'}: the request ends at its timeout, as "unavailable", not a broken contract`, async () => {
      // One second: the GraphQL answer never completes, and a loaded machine still gets its token in time.
      const checks = ['transport.first-request'];
      const { thrown, failures, troubles } = await runAgainst(hostility, { checks, timeoutMs: 1_000 });
      expect(thrown).toEqual([]);
      expect(troubles.get('transport.first-request')).toBe('unavailable');
      expect(failures.get('transport.first-request')).toEqual([
        expect.stringMatching(
          /^The documented first request should answer with data; got no HTTP answer: POST http:\/\/127\.0\.0\.1:\d+\/graphql\/ failed: no response within 1000 ms\.$/,
        ),
      ]);
    });
  }

  test('a token echoed before its own answer has come: the run reports nothing until it has, and masks it everywhere', async () => {
    // Every token answer takes 400 ms, and a redirect answered meanwhile lists the token already
    // issued: the redirect's check is judged before our client has read that token. What the run
    // tells (console, JUnit, history, status page) must hold no piece of it all the same. The
    // preflight's token is read before any check starts; the scope check's users.read token is
    // the one asked for while the redirect is answered.
    const server = await startHostileServer('echo-token', { tokenLatencyMs: 400 });
    try {
      const run = await runInProcess(
        { CI: '1', PLUVO_BASE_URL: server.url, PLUVO_CLIENT_ID: 'hostile-client', PLUVO_CLIENT_SECRET: 'hostile-secret-value' },
        undefined,
        ['--grep', 'gets a Bearer access token|a token with only users.read|POST /graphql without'],
      );
      // The redirect that listed them was judged and told: the scan below looks at real content.
      expect(run.output).toMatch(/Location is \/graphql\/\?seen=\[REDACTED\]/);
      expect(server.tokens.length).toBeGreaterThan(1);
      const outputs = [run.output, ...readTree(run.reportsDir).map((file) => file.text)].join('\n');
      expect(server.tokens.flatMap(fragments).filter((fragment) => outputs.includes(fragment))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('a server that echoes the bearer token: no token and no 12-character fragment of one in any finding or report', async () => {
    const { outputs, thrown, tokens } = await runAgainst('echo-token');
    expect(thrown).toEqual([]);
    expect(tokens.length).toBeGreaterThan(0);
    const all = outputs.join('\n');
    expect(all).toContain('is not welcome');
    const leaked = tokens.flatMap(fragments).filter((fragment) => all.includes(fragment));
    expect(leaked).toEqual([]);
  });
});
