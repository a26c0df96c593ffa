import { test, expect } from '../contract/base-test';
import { TokenClient, TokenError } from '../../src/pluvo/token-client';
import { RunLimits } from '../../src/pluvo/run-limits';
import { redact } from '../../src/security/redact';
import { FakeTransport, json, tokenBody } from '../support/fake-transport';

const HOUR = 3_600_000;

function client(transport: FakeTransport, clock: { now: number }) {
  return new TokenClient({
    transport,
    root: 'https://acme.pluvo.com',
    clientId: 'client-1',
    clientSecret: 'very-secret-value',
    timeoutMs: 5_000,
    limits: new RunLimits({ concurrency: 4, retryBudgetMs: 0 }),
    now: () => clock.now,
  });
}

test.describe('token client', () => {
  test('posts a form-encoded client_credentials request to /oauth/token/', async () => {
    const transport = new FakeTransport(() => tokenBody('t1'));
    await client(transport, { now: 0 }).getToken(['users.read', 'trainings.read']);
    const [request] = transport.requests;
    expect(request?.url).toBe('https://acme.pluvo.com/oauth/token/');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: 'very-secret-value',
      scope: 'users.read trainings.read',
    });
  });

  test('reuses a token per scope set, whatever the order', async () => {
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i}`));
    const tokens = client(transport, { now: 0 });
    const a = await tokens.getToken(['users.read', 'events.read']);
    const b = await tokens.getToken(['events.read', 'users.read']);
    const c = await tokens.getToken(['users.read']);
    expect(a.value).toBe('t0');
    expect(b.value).toBe('t0');
    expect(c.value).toBe('t1');
    expect(transport.requests).toHaveLength(2);
  });

  test('renews a 24 h token after 23 h, not before', async () => {
    const clock = { now: 0 };
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i}`, 86_400));
    const tokens = client(transport, clock);
    await tokens.getToken(['users.read']);
    clock.now = 23 * HOUR - 1;
    expect((await tokens.getToken(['users.read'])).value).toBe('t0');
    clock.now = 23 * HOUR;
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
  });

  test('renews a short token at 95% of expires_in', async () => {
    const clock = { now: 1_000 };
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i}`, 100));
    const tokens = client(transport, clock);
    await tokens.getToken(['users.read']);
    clock.now = 1_000 + 94_999;
    expect((await tokens.getToken(['users.read'])).value).toBe('t0');
    clock.now = 1_000 + 95_000;
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
  });

  test('concurrent callers share one in-flight request', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transport = new FakeTransport(async (_r, i) => {
      await gate;
      return tokenBody(`t${i}`);
    });
    const tokens = client(transport, { now: 0 });
    const callers = Array.from({ length: 10 }, () => tokens.getToken(['users.read']));
    release();
    const values = (await Promise.all(callers)).map((t) => t.value);
    expect(new Set(values)).toEqual(new Set(['t0']));
    expect(transport.requests).toHaveLength(1);
  });

  test('a failed request is not cached: the next caller tries again', async () => {
    const transport = new FakeTransport((_r, i) => (i === 0 ? json(503, { error: 'unavailable' }) : tokenBody('t1')));
    const tokens = client(transport, { now: 0 });
    await expect(tokens.getToken(['users.read'])).rejects.toThrow(TokenError);
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
  });

  test('an OAuth error names the status and error code and never the secret', async () => {
    const transport = new FakeTransport(() => json(401, { error: 'invalid_client', echo: 'very-secret-value' }));
    const error = await client(transport, { now: 0 })
      .getToken(['users.read'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).status).toBe(401);
    expect((error as TokenError).oauthError).toBe('invalid_client');
    expect((error as TokenError).message).toContain('answered 401');
    expect((error as TokenError).message).not.toContain('very-secret-value');
  });

  test('invalidate drops the refused token so the next call fetches a new one', async () => {
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i}`));
    const tokens = client(transport, { now: 0 });
    const first = await tokens.getToken(['users.read']);
    tokens.invalidate(first);
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
  });
  test("adopt: the preflight's answer serves the same scopes with no request, and is handed over once, whoever asks first", async () => {
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i + 1}`));
    const tokens = client(transport, { now: 0 });
    const answer = { status: 200, headers: {}, body: JSON.stringify({ access_token: 't0', token_type: 'Bearer', expires_in: 86_400 }), durationMs: 7 };
    tokens.adopt(['users.read', 'events.read'], { response: answer, endedAt: 42 });
    expect((await tokens.getToken(['events.read', 'users.read'])).value).toBe('t0');
    expect(transport.requests).toHaveLength(0);
    expect(tokens.takeAdopted(['events.read', 'users.read'])).toEqual({ response: answer, endedAt: 42 });
    expect(tokens.takeAdopted(['users.read', 'events.read'])).toBeUndefined();
    // Other scopes are their own request.
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
  });

  test('adopt: an answer with no token is still handed over to be judged, and the checks ask for a token of their own', async () => {
    const transport = new FakeTransport((_r, i) => tokenBody(`t${i + 1}`));
    const tokens = client(transport, { now: 0 });
    const answer = { status: 200, headers: {}, body: JSON.stringify({ token_type: 'Bearer' }), durationMs: 7 };
    tokens.adopt(['users.read'], { response: answer, endedAt: 42 });
    expect((await tokens.getToken(['users.read'])).value).toBe('t1');
    expect(transport.requests).toHaveLength(1);
    expect(tokens.takeAdopted(['users.read'])?.response).toBe(answer);
  });

  test('settled: once every token request under way now is answered and its token masked; one asked for later is not waited for', async () => {
    const answers: Array<() => void> = [];
    const transport = new FakeTransport((_r, i) => new Promise((resolve) => answers.push(() => resolve(tokenBody(`echoed-token-number-${i}-abcdefgh`)))));
    const tokens = client(transport, { now: 0 });
    const first = tokens.getToken(['users.read']);
    await expect.poll(() => answers.length).toBe(1);
    let settled = false;
    const waiting = tokens.settled().then(() => (settled = true));
    const later = tokens.getToken(['events.read']);
    await expect.poll(() => answers.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    answers[0]!();
    await waiting;
    // Read and masked by the time the wait ends, whatever reads its echo next.
    expect(redact('seen=echoed-token-number-0-abcdefgh')).toBe('seen=[REDACTED]');
    await first;
    answers[1]!();
    await later;
  });
});
