import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeTransport } from '../../src/http/node-transport';

/**
 * A request's duration is Pluvo's: the time it waited for our own event loop (another check's
 * work, the embedded sandbox serving, a loaded machine) is taken out, and only that time. Each
 * case holds the loop with a busy wait, which a real blocking parse or validation would be.
 */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holding the event loop, as synchronous work of ours does.
  }
}

async function server(handle: (respond: () => void) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer((_request, response) => handle(() => response.end('{}')));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

const send = (url: string) => new NodeTransport().send({ method: 'GET', url, headers: {}, timeoutMs: 5_000 });

test.describe("latency is the answer's, not our event loop's", () => {
  test('an answer that came while our loop was busy: the wait is ours, not its latency', async () => {
    // The answer is written at once; then the loop is held before it can be read.
    const target = await server((respond) => {
      respond();
      busy(400);
    });
    try {
      expect((await send(target.url)).durationMs).toBeLessThan(200);
    } finally {
      await target.close();
    }
  });

  test('a request our loop held back before it left: the wait is ours', async () => {
    const target = await server((respond) => respond());
    try {
      const pending = send(target.url);
      busy(400);
      expect((await pending).durationMs).toBeLessThan(200);
    } finally {
      await target.close();
    }
  });

  // The wait taken out is at most what our loop was late by when the answer was read: on a loaded
  // machine a little of a slow answer's own time can go with it, never its slowness.
  test('a slow answer stays slow, also when our loop was busy while it was on its way', async () => {
    const target = await server((respond) => setTimeout(respond, 600));
    try {
      expect((await send(target.url)).durationMs).toBeGreaterThanOrEqual(450);
      // Busy in the middle of the wait: that delayed nothing of the answer's, and takes none of it away.
      const pending = send(target.url);
      setTimeout(() => busy(250), 150);
      expect((await pending).durationMs).toBeGreaterThanOrEqual(450);
    } finally {
      await target.close();
    }
  });
});
