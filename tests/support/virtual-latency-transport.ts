import { SANDBOX_DELAY_HEADER } from '../../sandbox/server';
import { NodeTransport } from '../../src/http/node-transport';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/transport';

/**
 * Node's transport for a sandbox on a virtual clock, with checks side by side: a request takes the
 * real time it took plus the delay the sandbox says it added (its latency, slow responses), not the
 * virtual time that other checks' waits (a confirmation's 10 s, a token's expiry) added meanwhile.
 */
export class VirtualLatencyTransport implements HttpTransport {
  private readonly real = new NodeTransport();

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.real.send(request);
    return { ...response, durationMs: response.durationMs + Number(response.headers[SANDBOX_DELAY_HEADER] ?? 0) };
  }
}
