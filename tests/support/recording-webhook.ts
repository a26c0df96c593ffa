import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for Slack's incoming webhook (or a heartbeat service) on 127.0.0.1 that records what it is sent. */
export async function recordingWebhook() {
  const received: Array<{ path: string; body: any; raw: string; headers: Record<string, string | string[] | undefined> }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let status = 200;
  /** Requests answered with `status` before each later one gets `limited` (a rate limit met partway). */
  let allowance: { left: number; limited: number } | undefined;
  let hanging = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      // Slack's webhook takes JSON; a heartbeat, plain text.
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // Text, kept as it came.
      }
      received.push({ path: req.url ?? '', body: parsed, raw: body, headers: req.headers });
      if (hanging) return;
      if (allowance && allowance.left-- <= 0) res.statusCode = allowance.limited;
      else res.statusCode = status;
      res.end(res.statusCode < 300 ? 'ok' : 'no_service');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // The path plays the webhook's secret part, as in https://hooks.slack.com/services/T/B/XXXX.
    url: `http://127.0.0.1:${port}/services/T0SANDBOX/B0SANDBOX/webhookSecretXyZ123`,
    received,
    failWith: (code: number) => (status = code),
    /** Answer the next `count` requests as set, and those after with `code`; undefined to stop. */
    limitTo: (count: number | undefined, code = 429) => (allowance = count === undefined ? undefined : { left: count, limited: code }),
    /** Take requests and never answer them, until answer(). */
    hang: () => (hanging = true),
    answer: () => (hanging = false),
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
