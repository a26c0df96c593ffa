import { test, expect } from '../contract/base-test';
import { reportableResponse } from '../../src/http/reportable-response';
import { shown } from '../../src/text/shown';
import { MASK, clearRegisteredSecrets, redact, redactValue, registerSecret } from '../../src/security/redact';

test.describe('redaction', () => {
  // The registry is the process's: other tests of this worker may have left secrets in it.
  test.beforeEach(() => clearRegisteredSecrets());
  test.afterEach(() => clearRegisteredSecrets());

  test('"Bearer" before a word is a word: a title that says "a Bearer access token" keeps it; a credential of any shape is masked', () => {
    expect(redact('a form-encoded request gets a Bearer access token for the scopes asked')).toBe(
      'a form-encoded request gets a Bearer access token for the scopes asked',
    );
    expect(redact('Basic authentication, then Bearer tokens')).toBe('Basic authentication, then Bearer tokens');
    for (const credential of ['abcdefghijklmnopqrstuv', 'abc.def-1', 'dXNlcjpwYXNz', 'k2j4h5g6']) expect(redact(`Bearer ${credential}`)).toBe(`Bearer ${MASK}`);
    registerSecret('plainword', { fragments: true });
    expect(redact('Bearer plainword')).toBe(`Bearer ${MASK}`);
  });

  test('a secret echoed base64, base64url or hex is masked, whole or inside a longer encoded text, in any alignment', () => {
    const token = 'tok_9fG2kLm0QpR7sT4uV8wXyZ3aBcDeFgHi';
    registerSecret(token, { fragments: true });
    for (const before of ['', 'a', 'ab', 'Bearer ', '{"access":"']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${before}${token}"}`).toString(encoding);
        const shown = redact(`echo ${encoded} end`);
        expect(shown, `${encoding} after "${before}"`).toContain(MASK);
        // What is left cannot be decoded back to a piece of the token.
        for (const part of shown.split(MASK))
          expect(Buffer.from(part.replace(/^echo |\s*end$/g, ''), encoding).toString('latin1')).not.toContain(token.slice(4, 16));
      }
    }
    expect(redact(Buffer.from(token).toString('hex'))).toBe(MASK);
    expect(redact(Buffer.from(token).toString('hex').toUpperCase())).toBe(MASK);
  });

  test('masks bearer tokens in headers and call logs', () => {
    expect(redact('authorization: Bearer abc.def-123')).toBe(`authorization: Bearer ${MASK}`);
    expect(redact('  Authorization: Basic dXNlcjpwYXNz')).toBe(`  Authorization: Basic ${MASK}`);
    expect(redact('{"Authorization":"tok_live_abcdef"}')).toBe(`{"Authorization":"${MASK}"}`);
  });

  test('masks access_token in JSON, escaped JSON, forms and URLs', () => {
    expect(redact('{"access_token": "zzz", "token_type": "Bearer"}')).toBe(`{"access_token": "${MASK}", "token_type": "Bearer"}`);
    expect(redact('"body": "{\\"access_token\\":\\"zzz\\"}"')).toBe(`"body": "{\\"access_token\\":\\"${MASK}\\"}"`);
    expect(redact('https://x.test/cb?access_token=zzz&state=1')).toBe(`https://x.test/cb?access_token=${MASK}&state=1`);
    expect(redact('grant_type=client_credentials&client_secret=s3cr3t&scope=users.read')).toBe(
      `grant_type=client_credentials&client_secret=${MASK}&scope=users.read`,
    );
    expect(redact('{"refresh_token":"r"}')).toBe(`{"refresh_token":"${MASK}"}`);
  });

  test('masks a registered client secret wherever it appears, encoded or not', () => {
    registerSecret('p@ss word/secret');
    expect(redact('secret is p@ss word/secret.')).toBe(`secret is ${MASK}.`);
    expect(redact(`url?x=${encodeURIComponent('p@ss word/secret')}`)).toBe(`url?x=${MASK}`);
  });

  test('masks Slack webhook URLs, known or not', () => {
    expect(redact('posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed')).toBe(`posting to https://hooks.slack.com/${MASK} failed`);
    registerSecret('http://127.0.0.1:9999/hook/abcdef');
    expect(redact('POST http://127.0.0.1:9999/hook/abcdef -> 500')).toBe(`POST ${MASK} -> 500`);
  });

  test('leaves ordinary text alone and ignores too-short secrets', () => {
    registerSecret('ab');
    expect(redact('paginatedUsers(first: 3) { edges { node { id name email } } }')).toBe('paginatedUsers(first: 3) { edges { node { id name email } } }');
  });
});

test.describe('redaction of fragments, and bounded quoting', () => {
  test.beforeEach(() => clearRegisteredSecrets());

  test('any 12-character piece of a token or secret is masked; shorter pieces and URLs are not', () => {
    const token = 'Tq3vXr9LmPz2Kw8Ns5Jd1Hy7Bc4';
    registerSecret(token, { fragments: true });
    registerSecret('https://hooks.slack.com/services/T1/B2/XyZsecret', {});
    expect(redact(`echoed ${token.slice(6, 26)} back`)).toBe('echoed [REDACTED] back');
    expect(redact(`two ${token.slice(0, 12)} and ${token.slice(14, 27)}`)).toBe('two [REDACTED] and [REDACTED]');
    expect(redact(`only ${token.slice(0, 11)} of it`)).toBe(`only ${token.slice(0, 11)} of it`);
    expect(redact('see https://hooks.slack.com/ about webhooks')).toBe('see https://hooks.slack.com/ about webhooks');
  });

  test('pieces that share a hash are told apart by their characters: each registered one is masked, an unregistered one is not', () => {
    // "Aa" and "BB" hash alike in the scan's rolling hash, so every mix of them of one length does.
    const first = 'AaAaAaAaAaAa-first';
    const second = 'BBBBBBBBBBBB-second';
    registerSecret(first, { fragments: true });
    registerSecret(second, { fragments: true });
    expect(redact('x AaAaAaAaAaAa y')).toBe(`x ${MASK} y`);
    expect(redact('x BBBBBBBBBBBB y')).toBe(`x ${MASK} y`);
    expect(redact('x AaAaAaBBBBBB y')).toBe('x AaAaAaBBBBBB y');
    expect(redact('x BBAaAaAaAaAa y')).toBe('x BBAaAaAaAaAa y');
  });

  test('a value from the target is quoted short, whatever its depth or size', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(shown(deep)).toBe('[[[[[…]]]]]');
    expect(shown('x'.repeat(50_000_000)).length).toBeLessThanOrEqual(200);
    expect(shown({ a: 1, b: [1, 2, 3], c: 'text' })).toBe('{"a":1,"b":[1,2,3],"c":"text"}');
    expect(shown(Array.from({ length: 1000 }, (_, i) => i))).toBe('[0,1,2,3,4,5,6,7,…]');
    expect(redactValue(deep)).toBe('[[[[[…]]]]]');
  });
});

test.describe('a response as a report may show it', () => {
  test.beforeEach(() => clearRegisteredSecrets());
  test.afterEach(() => clearRegisteredSecrets());

  test('is masked when it is read, against every secret met by then: a token issued after the answer came is masked in it too', () => {
    const token = 'Zx81qLw0PnB7vC3mK9sD2fG5hJ4';
    const body = JSON.stringify({ data: null, errors: [{ message: `token ${token} is not yours` }], note: 'x'.repeat(30_000) });
    const response = reportableResponse({ status: 200, headers: { 'x-echo': token }, body, durationMs: 1 }, 20_000);
    registerSecret(token, { fragments: true });
    expect(response.body).toContain(`token ${MASK} is not`);
    expect(response.body).toContain('(30');
    expect(response.headers).toEqual({ 'x-echo': MASK });
    // Taken from the whole body, cut or not, and spread, compared and written as JSON like a plain value.
    expect(response.shape).toContain('"message": "token [REDACTED] is not yours"');
    const copy = { ...response };
    expect(JSON.parse(JSON.stringify(copy))).toEqual({ status: 200, headers: { 'x-echo': MASK }, body: response.body, shape: response.shape });
    expect(JSON.stringify(copy)).not.toContain(token.slice(0, 12));
  });

  test('has no shape when its body is not JSON, and says so by leaving it out', () => {
    const response = reportableResponse({ status: 502, headers: {}, body: '<html>Bad gateway</html>', durationMs: 1 }, 20_000);
    expect(response.shape).toBeUndefined();
    expect(JSON.parse(JSON.stringify(response))).toEqual({ status: 502, headers: {}, body: '<html>Bad gateway</html>' });
  });
});
