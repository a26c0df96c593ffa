import { test, expect } from '../contract/base-test';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { recordingWebhook } from '../support/recording-webhook';
import { readTree, runMonitor } from '../support/run-monitor';
import { writeTargetsFile } from '../support/targets-file';
import { INJECTED_MARKUP, startHostileServer } from './hostile-server';
import { scratchDir } from '../support/scratch';
import { SANDBOX_DEMO_CLIENT as DEMO_CLIENT } from '../../src/config/sandbox-clients';
import { startSandbox } from '../../sandbox/server';

const MB = 1024 * 1024;
const SECRET = 'hostile-client-secret-4f9c2a';
const fragments = (secret: string) => Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12));

/**
 * Every run of text that could be base64, base64url or hex, decoded, at each alignment: a secret
 * that hides behind an encoding shows in one of these. Independent of the redaction it checks.
 */
function decodedRuns(text: string): string[] {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_=-]{16,}/g)) {
    for (let skip = 0; skip < 4; skip++) {
      const part = run.slice(skip);
      decoded.push(Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
    }
  }
  for (const [run] of text.matchAll(/[0-9a-fA-F]{24,}/g)) for (const skip of [0, 1]) decoded.push(Buffer.from(run.slice(skip), 'hex').toString('latin1'));
  return decoded;
}

/**
 * The monitor end to end (Playwright's runner, its workers and every reporter) against three
 * hostile organisations in one run: one echoes every token it ever issued, whole and in part,
 * in its errors, headers and redirects; one sends 50 MB bodies; one sends 300,000 errors. What
 * leaves the run (console, every file in reports/ with attachments and the HTML report's data
 * decoded, the Slack post) holds no token and no 12-character piece of one, and stays bounded.
 */
test.describe('hostile organisations end to end: bounded, one line each, nothing leaked across workers', () => {
  test('echoed tokens, a 50 MB body and 300,000 errors in one run: no token or fragment anywhere, peak memory under 300 MB, results.json under 5 MB', async () => {
    // Its token answers take 400 ms, and a redirect answered meanwhile lists the token already
    // issued: a report that left the runner before that token's answer was read would carry it
    // in the clear into Playwright's own reports, which redact nothing.
    const echo = await startHostileServer('echo-token', { tokenLatencyMs: 400 });
    const huge = await startHostileServer('huge-body');
    const errors = await startHostileServer('many-errors', { errors: 300_000 });
    const webhook = await recordingWebhook();
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-hostile-'));
    const targets = writeTargetsFile(
      dir,
      { 'echoes-tokens': echo.url, 'huge-bodies': huge.url, 'many-errors': errors.url },
      { clientIdEnv: 'HOSTILE_ID', clientSecretEnv: 'HOSTILE_SECRET' },
    );
    const committed = ['schemas/baseline.json', 'schemas/deprecations.json'].map((path) => [path, readFileSync(path, 'utf8')] as const);
    try {
      // 16 MB: the 300,000 errors (about 8 MB) are read and parsed, the worst case; the 50 MB body is not.
      // CI: what the docs leave open is not pinned (that would write schemas/baseline.json here).
      const env = {
        CI: '1',
        PLUVO_TARGETS: targets,
        HOSTILE_ID: 'hostile-client',
        HOSTILE_SECRET: SECRET,
        SLACK_WEBHOOK_URL: webhook.url,
        PLUVO_MAX_RESPONSE_BYTES: String(16 * MB),
      };
      // On the target that echoes, the token checks, a redirect and the first request: its tokens
      // (the run's, and the scope check's users.read one) are met by the engine and echoed into
      // every later answer, whichever worker tells it. On the others, the documented first request
      // is enough to meet the body and the errors.
      const run = await runMonitor(
        env,
        join(dir, 'reports'),
        ['--grep', 'echoes-tokens.*(gets a Bearer access token|a token with only users.read|POST /graphql without)|the documented first request'],
        { measureMemory: true },
      );
      expect(run.status, run.output.slice(-3000)).toBe(1);

      // What each target did is said, in a line: the scans below look at real content.
      expect(run.output).toContain('is not welcome; its middle is');
      expect(run.output).toMatch(/response too large \(more than 16777216 bytes; the limit is 16777216, PLUVO_MAX_RESPONSE_BYTES\)/);
      expect(run.output).toMatch(/error 0 \| error 1 \| error 2 \| error 3 \| error 4 …and 299995 more/);
      // A token a scope, each echoed into every later answer, whichever worker tells the check.
      expect(echo.tokens.length).toBeGreaterThan(1);

      const tokens = [...echo.tokens, ...huge.tokens, ...errors.tokens];
      const secrets = [SECRET, 'webhookSecretXyZ123', ...tokens];
      const outputs = [
        ...readTree(run.reportsDir),
        { path: 'console', text: run.output },
        { path: 'Slack', text: JSON.stringify(webhook.received.map((post) => post.body)) },
      ];
      expect(outputs.some((output) => output.path.includes('index.html#'))).toBe(true);
      // One message for the run, naming every organisation of the targets file, each a project of its own.
      expect(webhook.received).toHaveLength(1);
      const overview = JSON.stringify(webhook.received[0]?.body.blocks.at(-1));
      for (const name of ['echoes-tokens', 'huge-bodies', 'many-errors'])
        expect(overview).toMatch(new RegExp(`${name} \\(http://127\\.0\\.0\\.1:\\d+\\): \\w+`));
      // Each organisation is a group of tests titled with its name, in the one contract suite.
      const results = JSON.parse(readFileSync(join(run.reportsDir, 'results.json'), 'utf8')) as { suites: Array<{ suites: Array<{ title: string }> }> };
      expect(results.suites[0]!.suites.map((suite) => suite.title)).toEqual(['echoes-tokens', 'huge-bodies', 'many-errors']);
      // The markup the server slipped in reaches people as text: escaped for Slack, and nowhere
      // as markup in a page of ours or in the HTML report's page itself (its data is a zip).
      expect(run.output).toContain(INJECTED_MARKUP);
      const slack = JSON.stringify(webhook.received[0]?.body);
      expect(slack).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;!channel&gt;');
      expect(slack).not.toContain('<img');
      for (const page of ['status.html', 'html/index.html']) expect(readFileSync(join(run.reportsDir, page), 'utf8')).not.toContain('<img src=x');
      // The encoded echoes reached the run (said, and masked): the scan below decodes what looks encoded.
      expect(run.output).toContain('session dump:');
      const leaks = outputs.flatMap(({ path, text }) =>
        secrets
          .filter((secret) => [text, ...decodedRuns(text)].some((candidate) => fragments(secret).some((piece) => candidate.includes(piece))))
          .map((secret) => `${path}: a piece of ${secret.slice(0, 4)}…`),
      );
      expect(leaks).toEqual([]);

      expect(run.peakMemoryBytes).toBeDefined();
      expect(run.peakMemoryBytes!).toBeLessThan(300 * MB);
      expect(statSync(join(run.reportsDir, 'results.json')).size).toBeLessThan(5 * MB);
      expect(statSync(join(run.reportsDir, 'junit.xml')).size).toBeLessThan(5 * MB);
      expect(Math.max(...run.output.split('\n').map((line) => line.length))).toBeLessThan(2_000);
      for (const [path, before] of committed) expect(readFileSync(path, 'utf8'), `${path} was changed by a hostile run`).toBe(before);
    } finally {
      webhook.close();
      await Promise.all([echo.close(), huge.close(), errors.close()]);
    }
  });

  test("JSON 100,000 deep, a gzip bomb, a redirect to itself and a next page that never ends, beside a healthy organisation: each said in a line, each within 3x the healthy one's requests, the largest process under 300 MB", async () => {
    const healthy = await startSandbox({ port: 0 });
    const stuck = await startSandbox({ port: 0, faults: new Set(['has-next-page-stuck']) });
    const hostile = {
      'deep-json': await startHostileServer('deep-json'),
      'gzip-bomb': await startHostileServer('gzip-bomb'),
      'redirect-loop': await startHostileServer('redirect-loop'),
    };
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-hostile-'));
    try {
      const targets = writeTargetsFile(dir, {
        healthy: healthy.url,
        'stuck-pages': stuck.url,
        ...Object.fromEntries(Object.entries(hostile).map(([name, server]) => [name, server.url])),
      });
      // Not CI, whatever runs this test: each organisation's knowledge is a scratch copy, which a first
      // run pins as a developer's would; in CI the healthy one would be "not onboarded".
      const run = await runMonitor(
        { PLUVO_TARGETS: targets, SANDBOX_ID: DEMO_CLIENT.clientId, SANDBOX_SECRET: DEMO_CLIENT.clientSecret, CI: 'false' },
        join(dir, 'reports'),
        [],
        {
          measureMemory: true,
        },
      );
      expect(run.status, run.output.slice(-3000)).toBe(1);
      // Five organisations: those that held are one line after the others (src/sinks/end-of-run-reporter.ts).
      expect(run.output).toMatch(/^verdict: passed, every contract checked held: healthy \(http:\/\/127\.0\.0\.1:\d+\) \(each in the report/m);
      // What each did, in a line of its own.
      expect(run.output).toContain('a 200 that is not a GraphQL JSON body (application/json): JSON nested deeper than 512 levels, not read');
      expect(run.output).toContain('a 200 that is not a GraphQL JSON body (application/json): encoded gzip, which we did not ask for, not inflated');
      expect(run.output).toContain('redirect to /graphql/ not followed: it would resend the credentials');
      expect(run.output).toMatch(/The cursor walk broke: page \d+ says hasNextPage although all \d+ nodes that count announces have been seen/);
      for (const name of Object.keys(hostile))
        expect(run.output).toMatch(new RegExp(`${name} \\(http://127\\.0\\.0\\.1:\\d+\\): verdict: (failed|unavailable|setup-error|credentials)`));
      // However it answers, an organisation costs at most a small multiple of a healthy one's requests.
      expect(healthy.requests).toBeGreaterThan(50);
      for (const [name, requests] of [['stuck-pages', stuck.requests], ...Object.entries(hostile).map(([n, server]) => [n, server.requests] as const)] as const)
        expect(requests, name).toBeLessThanOrEqual(3 * healthy.requests);
      // Parsed, each deep answer was 100,000 objects held by every exchange kept (750 MB); inflated, each bomb 200 MB.
      expect(run.peakMemoryBytes!).toBeLessThan(300 * MB);
      expect(Math.max(...run.output.split('\n').map((line) => line.length))).toBeLessThan(2_000);
    } finally {
      await Promise.all([healthy.close(), stuck.close(), ...Object.values(hostile).map((server) => server.close())]);
    }
  });
});
