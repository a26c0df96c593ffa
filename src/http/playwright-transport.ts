import type { APIRequestContext } from '@playwright/test';
import { redact } from '../security/redact';
import { tooLarge, TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

/**
 * Playwright's request context. Its errors carry a call log that prints every request header
 * verbatim (Authorization included), so they are caught here and rethrown redacted.
 */
export class PlaywrightTransport implements HttpTransport {
  constructor(private readonly context: APIRequestContext) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    try {
      const response = await this.context.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const headers: Record<string, string> = {};
      for (const { name, value } of response.headersArray()) headers[name.toLowerCase()] = value;
      // Playwright buffers the body itself; past the limit it is at least never decoded or parsed.
      const declared = Number(headers['content-length'] ?? Number.NaN);
      const buffer = request.maxBytes !== undefined && declared > request.maxBytes ? undefined : await response.body();
      await response.dispose();
      if (request.maxBytes !== undefined && (!buffer || buffer.length > request.maxBytes)) throw tooLarge(request, buffer?.length ?? declared);
      const body = buffer ? buffer.toString('utf8') : '';
      return { status: response.status(), headers, body, durationMs: performance.now() - started };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const timedOut = /Timeout \d+ms exceeded|timed out/i.test(message);
      // Keep the first line: the call log after it is where the headers are.
      const firstLine = message.split('\n')[0] ?? message;
      throw new TransportError(redact(`${request.method} ${request.url} failed: ${firstLine}`), timedOut);
    }
  }
}
