import { test, expect } from '../contract/base-test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { ResponseTooLarge, TransportError, type HttpRequest } from '../../src/http/transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { RunLimits } from '../../src/pluvo/run-limits';
import { AlertFiles, type HistoryLine } from '../../src/report/alert-files';
import { preflight, type Preflight } from '../../src/run/preflight';
import { credentialsError, preflightRun } from '../../src/run/run-preflight';
import { runTargets } from '../../src/targets/targets-file';
import { FakeTransport, json, tokenBody, type Responder } from '../support/fake-transport';
import { scratchDir } from '../support/scratch';

/**
 * The preflight: one token request and one small GraphQL request say what the run is looking at,
 * before any check. Each answer a target can give, through a fake transport; waits on a clock of
 * the test's own.
 */
const ENV = {
  PLUVO_BASE_URL: 'https://acme.pluvo.com',
  PLUVO_CLIENT_ID: 'client',
  PLUVO_CLIENT_SECRET: 'secret-abcdef',
  PLUVO_SCOPES: 'users.read events.read',
};
const isToken = (request: HttpRequest) => request.url.endsWith('/oauth/token/');
const form = (request: HttpRequest) => new URLSearchParams(String(request.body ?? ''));

async function look(responder: Responder, delays = [2_000, 10_000]): Promise<{ seen: Preflight; slept: number[]; requests: HttpRequest[] }> {
  const transport = new FakeTransport(responder);
  const config = loadConfig(ENV);
  const clients = createPluvoClients(config, transport, { limits: new RunLimits({ concurrency: 1, retryBudgetMs: 0 }) });
  const slept: number[] = [];
  const seen = await preflight(clients, { ...config, confirmDelaysMs: delays, sleep: async (ms) => void slept.push(ms) });
  return { seen, slept, requests: transport.requests };
}

const healthy: Responder = (request) => (isToken(request) ? tokenBody('token-value-0123456789') : json(200, { data: { __typename: 'Query' } }));

test.describe('the preflight', () => {
  test('a target that answers: one token request and one GraphQL request, asked at once, no wait', async () => {
    const { seen, slept, requests } = await look(healthy);
    expect(seen).toEqual({ state: 'answers' });
    expect(slept).toEqual([]);
    expect(requests.map((r) => r.url)).toEqual(['https://acme.pluvo.com/oauth/token/', 'https://acme.pluvo.com/graphql/']);
    // Whether GraphQL answers at all needs no token: it is not waited for.
    expect(requests[1]!.headers.authorization).toBeUndefined();
    // The client's own credentials and scopes, as the checks will send them.
    expect(Object.fromEntries(form(requests[0]!))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client',
      client_secret: 'secret-abcdef',
      scope: 'users.read events.read',
    });
  });

  test('more than is read is still an answer, for the checks to judge; a 5xx too large is none', async () => {
    const tooLarge = (status: number) => () => {
      throw new ResponseTooLarge('POST https://acme.pluvo.com/graphql/: response too large (more than 65536 bytes)', status);
    };
    const graphqlTooLarge =
      (status: number): Responder =>
      (request) =>
        isToken(request) ? tokenBody('token-value-0123456789') : tooLarge(status)();
    expect((await look(tooLarge(200))).seen).toEqual({ state: 'answers' });
    const answered = await look(graphqlTooLarge(200));
    expect(answered.seen).toEqual({ state: 'answers' });
    expect(answered.slept).toEqual([]);
    const down = await look(graphqlTooLarge(502));
    expect(down.seen).toMatchObject({ state: 'unavailable' });
    expect(down.slept).toEqual([2_000, 10_000]);
  });

  test('no connection: looked at three times, 2 s and 10 s apart, then unavailable, saying so', async () => {
    const { seen, slept, requests } = await look(() => {
      throw new TransportError('POST https://acme.pluvo.com/oauth/token/ failed: connect ECONNREFUSED 10.0.0.1:443', false);
    });
    expect(slept).toEqual([2_000, 10_000]);
    // Three looks, each a token request and a GraphQL request at once.
    expect(requests.filter(isToken)).toHaveLength(3);
    expect(requests).toHaveLength(6);
    expect(seen).toEqual({
      state: 'unavailable',
      message:
        'Pluvo did not answer at https://acme.pluvo.com/oauth/token/: POST https://acme.pluvo.com/oauth/token/ failed: connect ECONNREFUSED 10.0.0.1:443 (tried again after 2 s and 10 s)',
      key: expect.stringContaining('ECONNREFUSED'),
    });
  });

  test('a proxy page on the token endpoint, or a 5xx on GraphQL, is not answering', async () => {
    const proxy = await look(() => ({ status: 502, body: '<html>502 Bad Gateway</html>', headers: { 'content-type': 'text/html' } }), [1]);
    expect(proxy.seen).toMatchObject({ state: 'unavailable', message: "Pluvo's token endpoint did not answer properly: HTTP 502 (tried again after 0.001 s)" });
    const graphql = await look((request) => (isToken(request) ? tokenBody('token-value-0123456789') : { status: 503, body: 'down' }), []);
    expect(graphql.seen).toMatchObject({
      state: 'unavailable',
      message: expect.stringMatching(/^Pluvo did not answer at https:\/\/acme\.pluvo\.com\/graphql\/: .*503/),
    });
  });

  test('a blip: not answering at first, answering 2 s later, goes on with a note', async () => {
    const { seen, slept } = await look((request, index) => (index === 0 ? { status: 502, body: 'bad gateway' } : healthy(request, index)));
    expect(slept).toEqual([2_000]);
    expect(seen).toEqual({ state: 'answers', note: 'Pluvo did not answer at first; it did (tried again after 2 s).' });
  });

  test('our client refused (invalid_client, or a bare 401): credentials, at once, with no wait', async () => {
    const refused = await look(() => json(401, { error: 'invalid_client' }));
    expect(refused.slept).toEqual([]);
    expect(refused.seen).toEqual({
      state: 'credentials',
      problem: 'client',
      message: 'Pluvo refused our API client at https://acme.pluvo.com/oauth/token/ (HTTP 401 (invalid_client))',
      key: 'HTTP 401 (invalid_client)',
    });
    expect((await look(() => json(400, { error: 'unauthorized_client' }))).seen).toMatchObject({ state: 'credentials', problem: 'client' });
    expect((await look(() => ({ status: 401, body: '' }))).seen).toMatchObject({ state: 'credentials', problem: 'client', key: 'HTTP 401' });
  });

  test('a scope refused: each scope asked alone, and the refused one named', async () => {
    const { seen, requests } = await look((request) => {
      const scopes = (form(request).get('scope') ?? '').split(' ');
      return scopes.includes('events.read') ? json(400, { error: 'invalid_scope' }) : tokenBody('token-value-0123456789');
    });
    expect(seen).toEqual({
      state: 'credentials',
      problem: 'scope',
      scopes: ['events.read'],
      message: 'Pluvo refused the scope "events.read" (HTTP 400 (invalid_scope))',
      key: 'HTTP 400 (invalid_scope)',
    });
    expect(requests.filter(isToken).map((request) => form(request).get('scope'))).toEqual(['users.read events.read', 'users.read', 'events.read']);
  });

  test('any other answer from the token endpoint is for the auth checks to judge: the run goes on', async () => {
    expect((await look(() => json(400, { error: 'unsupported_grant_type' }))).seen).toEqual({ state: 'answers' });
    expect((await look(() => json(200, { token: 'not the documented shape' }))).seen).toEqual({ state: 'answers' });
  });
});

test.describe("the run's preflight: stop, or say it as a verdict", () => {
  const refused: Preflight = { state: 'credentials', problem: 'client', message: 'Pluvo refused our API client (HTTP 401 (invalid_client))', key: 'x' };

  test('the one line names the variable and the fix: the client secret, or the scopes', () => {
    const [target] = runTargets(ENV);
    expect(credentialsError(target!, refused as Extract<Preflight, { state: 'credentials' }>).message).toBe(
      'PLUVO_CLIENT_SECRET: Pluvo refused our API client (HTTP 401 (invalid_client)). Check PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo',
    );
    const scope = { state: 'credentials', problem: 'scope', message: 'Pluvo refused the scope "events.read" (HTTP 400 (invalid_scope))', key: 'y' } as const;
    expect(credentialsError(target!, scope).message).toBe(
      'PLUVO_SCOPES: Pluvo refused the scope "events.read" (HTTP 400 (invalid_scope)). Remove it from PLUVO_SCOPES, or ask Pluvo to grant it to the API client',
    );
  });

  test('refused on a target never seen to work, or with someone at the terminal: the run stops; with history of it working, unattended: it runs, to a verdict', async () => {
    const [target] = runTargets(ENV);
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-preflight-'));
    // A real refusal from the sandbox is in tests/selftest/triage.spec.ts; here the look is given.
    const run = (interactive: boolean) => preflightRun([target!], { reportsDir, interactive, look: async () => refused });
    expect((await run(false)).stopWith?.variable).toBe('PLUVO_CLIENT_SECRET');
    const worked: HistoryLine = {
      at: new Date().toISOString(),
      target: 'acme',
      targetKey: target!.identity.key,
      verdict: 'passed',
      checks: {},
      counts: { passed: 1, failed: 0, flaky: 0, degraded: 0, skipped: 0 },
    };
    new AlertFiles(reportsDir).appendHistory(worked);
    const unattended = await run(false);
    expect(unattended.stopWith).toBeUndefined();
    expect(unattended.looks[target!.identity.key]).toMatchObject({
      state: 'credentials',
      fix: expect.stringContaining('Check PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET'),
    });
    expect((await run(true)).stopWith?.variable).toBe('PLUVO_CLIENT_SECRET');
  });

  test('nothing listening (or no such host) where no run has seen an answer: our address, one line naming its variable; seen to answer before, an outage', async () => {
    const [target] = runTargets({ ...ENV, PLUVO_BASE_URL: 'http://127.0.0.1:9' });
    const reportsDir = mkdtempSync(join(scratchDir(), 'pluvo-preflight-'));
    const dead: Preflight = {
      state: 'unavailable',
      message: 'Pluvo did not answer at http://127.0.0.1:9/oauth/token/: connect ECONNREFUSED',
      key: 'ECONNREFUSED 127.0.0.1:9',
    };
    const run = (look: Preflight) => preflightRun([target!], { reportsDir, interactive: false, look: async () => look });
    expect((await run(dead)).stopWith?.message).toBe(
      'PLUVO_BASE_URL: nothing answers at http://127.0.0.1:9 (ECONNREFUSED 127.0.0.1:9), and no run here has seen it answer. Check the address in PLUVO_BASE_URL; if Pluvo is down, run again when it answers',
    );
    // A 502 is a server in trouble, not a typo: a verdict, never a stop.
    expect((await run({ state: 'unavailable', message: 'HTTP 502', key: 'HTTP 502 (Bad Gateway)' })).stopWith).toBeUndefined();
    // Seen to answer before (our client refused is an answer too): now an outage, to a verdict.
    new AlertFiles(reportsDir).appendHistory({
      at: new Date().toISOString(),
      target: 'x',
      targetKey: target!.identity.key,
      verdict: 'credentials-refused',
      checks: {},
      counts: {},
    });
    expect((await run(dead)).stopWith).toBeUndefined();
  });

  test('a target of the targets file names its entry', () => {
    const dir = mkdtempSync(join(scratchDir(), 'pluvo-preflight-'));
    const path = join(dir, 'targets.json');
    writeFileSync(path, JSON.stringify({ targets: [{ name: 'acme', baseUrl: 'http://127.0.0.1:9', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET' }] }));
    const [target] = runTargets({ PLUVO_TARGETS: path, A_ID: 'id', A_SECRET: 'secret-value-1' });
    expect(target!.setIn.address).toBe(`"baseUrl" of ${path} targets[0] (acme)`);
  });
});
