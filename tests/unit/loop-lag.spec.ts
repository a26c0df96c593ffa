import { test, expect } from '../contract/base-test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeTransport } from '../../src/http/node-transport';

/**
 * A request's duration is Pluvo's: the time it surely waited for our own event loop (another
 * check's work, a loaded machine) before it left is taken out, and nothing of a slow answer's own
 * time. Each case holds the loop with a busy wait, as a real blocking parse or validation would.
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

  // A busy stretch while the answer is on its way is not taken out: it may have delayed nothing.
  test('a slow answer stays slow, also when our loop was busy while it was on its way', async () => {
    const target = await server((respond) => setTimeout(respond, 600));
    try {
      expect((await send(target.url)).durationMs).toBeGreaterThanOrEqual(580);
      // Busy in the middle of the wait: that delayed nothing of the answer's, and takes none of it away.
      const pending = send(target.url);
      setTimeout(() => busy(250), 150);
      expect((await pending).durationMs).toBeGreaterThanOrEqual(580);
    } finally {
      await target.close();
    }
  });
});
