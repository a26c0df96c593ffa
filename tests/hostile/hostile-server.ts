import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

/** Markup a hostile server slips into its messages: reports and Slack must show it as text. */
export const INJECTED_MARKUP = '<img src=x onerror=alert(1)><!channel>';

/** What the hostile server does to every GraphQL answer. */
export type Hostility = 'huge-body' | 'many-errors' | 'deep-json' | 'echo-token' | 'drip' | 'hang' | 'gzip-bomb' | 'redirect-loop';

/**
 * A server on 127.0.0.1 that plays Pluvo badly on purpose: it issues real-looking tokens, then
 * answers GraphQL with a 50 MB body, many errors, JSON nested 100,000 deep, errors, headers and
 * redirects that echo every token it issued back, a body dripped a byte at a time, silence, a gzip
 * of 200 MB of zeros (unasked), or a redirect to itself. Whatever it sends, the monitor must stay bounded and say what went
 * wrong in a line, leaking nothing.
 */
export async function startHostileServer(
  hostility: Hostility,
  options: {
    errors?: number;
    /**
     * How long a token's answer takes, the token issued (and echoed) from the moment it is asked
     * for; meanwhile a redirect, answered after a tenth of that, lists it: an echo that reaches the
     * client before the token's own answer does.
     */
    tokenLatencyMs?: number;
  } = {},
): Promise<{ url: string; tokens: string[]; readonly requests: number; close(): Promise<void> }> {
  const tokens: string[] = [];
  let requests = 0;
  // Built once: the monitor sends about a hundred requests, and the point is its cost, not ours.
  const megabyte = Buffer.alloc(1024 * 1024, 'x');
  const manyErrors =
    hostility === 'many-errors'
      ? JSON.stringify({ data: null, errors: Array.from({ length: options.errors ?? 20_000 }, (_, i) => ({ message: `error ${i}` })) })
      : '';
  const deepJson =
    hostility === 'deep-json'
      ? `{"data":{"paginatedUsers":${'['.repeat(100_000)}${']'.repeat(100_000)},"__schema":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`
      : '';
  // 200 MB of JSON-looking zeros in about 200 KB: whoever inflates it unasked holds 200 MB an answer.
  const bomb =
    hostility === 'gzip-bomb' ? gzipSync(Buffer.concat([Buffer.from('{"data":"'), Buffer.alloc(200 * 1024 * 1024, '0'), Buffer.from('"}')])) : undefined;
  const server: Server = createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/oauth/token/') {
        const token = randomBytes(30).toString('base64url');
        tokens.push(token);
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 86_400, scope: 'users.read trainings.read groups.read events.read' }),
          );
        };
        return void (options.tokenLatencyMs ? setTimeout(answer, options.tokenLatencyMs) : answer());
      }
      if (path !== '/graphql/') {
        const redirect = () => {
          res.writeHead(301, { location: hostility === 'echo-token' ? `${path}/?seen=${tokens.join(',')}` : `${path}/` });
          res.end();
        };
        return void (options.tokenLatencyMs ? setTimeout(redirect, options.tokenLatencyMs / 10) : redirect());
      }
      if (hostility === 'redirect-loop') {
        res.writeHead(301, { location: path });
        return res.end();
      }
      if (bomb) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      }
      res.writeHead(200, { 'content-type': 'application/json', ...(hostility === 'echo-token' ? { 'x-seen-tokens': tokens.join(',') } : {}) });
      switch (hostility) {
        case 'huge-body': {
          // 50 MB of one string, a megabyte at a time, for as long as the client keeps reading.
          res.write('{"data":{"paginatedUsers":{"count":1,"edges":[],"pageInfo":{"hasNextPage":false}},"pad":"');
          let sent = 0;
          const more = () => {
            while (sent < 50 && !res.destroyed) {
              sent += 1;
              if (!res.write(megabyte)) return void res.once('drain', more);
            }
            if (!res.destroyed) res.end('"}}');
          };
          return more();
        }
        case 'many-errors':
          return res.end(manyErrors);
        case 'drip': {
          // A byte every 100 ms, never the end: only the client's own clock can stop it.
          const timer = setInterval(() => res.write(' '), 100);
          return void res.on('close', () => clearInterval(timer));
        }
        case 'hang':
          // Headers sent, then nothing, ever.
          return res.flushHeaders();
        case 'deep-json':
          return res.end(deepJson);
        case 'echo-token': {
          // Its own bearer token, and every token issued before it, whole and in part: a server
          // that mixes sessions up echoes one worker's token into another worker's answers.
          const bearer = req.headers.authorization ?? '';
          const others = tokens.map((token) => `${token} (middle ${token.slice(8, 28)})`).join(', ');
          // And encoded, as debugging servers do: the header base64 and base64url, inside JSON too, and hex.
          const encoded = [
            Buffer.from(bearer).toString('base64'),
            Buffer.from(JSON.stringify({ session: bearer, seen: tokens })).toString('base64'),
            Buffer.from(`x${bearer}`).toString('base64url'),
            Buffer.from(tokens.join(',')).toString('hex'),
          ].join(' ');
          return res.end(
            JSON.stringify({
              data: null,
              errors: [
                // The markup first: the list of tokens grows with every token issued, and a long message is cut.
                { message: `${INJECTED_MARKUP} token ${bearer} is not welcome; its middle is ${bearer.slice(15, 35)}; tokens seen: ${others}` },
                { message: `session dump: ${encoded}` },
              ],
            }),
          );
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
