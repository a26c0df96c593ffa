import { redact } from '../security/redact';
import { describeError } from './error-cause';
import { tooLarge, TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

/**
 * Node's fetch, for the contract suite and the scripts alike. It reads a body as a stream and
 * stops at the request's limit, which Playwright's request context cannot (it buffers the whole
 * body first): whatever a target sends, a request costs at most the limit in memory.
 */
export class FetchTransport implements HttpTransport {
  /** The clock durations are measured by; tests pass their virtual one. */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const started = this.clock();
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const body = await readBounded(response, request);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, body, durationMs: this.clock() - started };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut ? `no response within ${request.timeoutMs} ms` : describeError(error);
      throw new TransportError(redact(`${request.method} ${request.url} failed: ${reason}`), timedOut);
    }
  }
}

/** The body as text, reading no further than the request's limit. */
async function readBounded(response: Response, request: HttpRequest): Promise<string> {
  const limit = request.maxBytes;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (limit !== undefined && declared > limit) {
    await response.body?.cancel();
    throw tooLarge(request, response.status, declared);
  }
  if (limit === undefined || !response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(request, response.status, undefined);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
