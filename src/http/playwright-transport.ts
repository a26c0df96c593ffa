import type { APIRequestContext } from '@playwright/test';
import { redact } from '../security/redact';
import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

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
      const body = await response.text();
      const headers: Record<string, string> = {};
      for (const { name, value } of response.headersArray()) headers[name.toLowerCase()] = value;
      await response.dispose();
      return { status: response.status(), headers, body, durationMs: performance.now() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const timedOut = /Timeout \d+ms exceeded|timed out/i.test(message);
      // Keep the first line: the call log after it is where the headers are.
      const firstLine = message.split('\n')[0] ?? message;
      throw new TransportError(redact(`${request.method} ${request.url} failed: ${firstLine}`), timedOut);
    }
  }
}
