import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { redact } from '../security/redact';
import { describeError } from './error-cause';
import { LoopLag } from './loop-lag';
import { tooLarge, TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

/** Connections kept open between requests, as a browser or fetch would; idle ones never keep the process alive. */
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) } as const;

/**
 * Node's own HTTP client, for the contract suite and the scripts alike. It reads a body as it
 * arrives and stops at the request's limit, which Playwright's request context cannot (it buffers
 * the whole body first): whatever a target sends, a request costs at most the limit in memory.
 * Not Node's fetch: each of its requests costs about a millisecond of CPU more (web streams, its
 * Headers), which for a run's 80 requests on each of many organisations is a worker's tenth.
 */
export class NodeTransport implements HttpTransport {
  /**
   * The clock durations are measured by; tests pass their virtual one. On the real clock, the time
   * the exchange surely waited for our own event loop is taken out (LoopLag): the lag until the
   * request was sent whole, and how far behind the loop is as the answer is read. Lag in between is
   * not: Pluvo may have been slow then too.
   */
  constructor(private readonly clock?: () => number) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const now = this.clock ?? (() => performance.now());
    const started = now();
    if (!this.clock) LOOP_LAG.begin();
    const lateAtStart = LOOP_LAG.lateSoFarMs();
    try {
      const { response, body, lateWhenSent } = await exchange(request, () => LOOP_LAG.lateSoFarMs());
      const ours = this.clock ? 0 : lateWhenSent - lateAtStart + LOOP_LAG.behindMs();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode ?? 0, headers, body, durationMs: Math.max(0, now() - started - ours) };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const timedOut = error instanceof TimedOut;
      const reason = timedOut ? `no response within ${request.timeoutMs} ms` : describeError(error);
      throw new TransportError(redact(`${request.method} ${request.url} failed: ${reason}`), timedOut);
    } finally {
      if (!this.clock) LOOP_LAG.end();
    }
  }
}

/** One pulse for the process: the loop is the process's, whichever transport waits on it. */
const LOOP_LAG = new LoopLag();

class TimedOut extends Error {}

/** Send, and read the answer whole, within the request's time and size limits; a redirect is an answer, never followed. */
function exchange(request: HttpRequest, lateSoFar: () => number): Promise<{ response: IncomingMessage; body: string; lateWhenSent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (!protocol) return reject(new Error(`unsupported protocol ${url.protocol}`));
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers = { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const send = protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method: request.method, headers, agent: AGENTS[protocol] }, (response) => {
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      const limit = request.maxBytes;
      const refuse = (size: number | undefined) => {
        clearTimeout(timer);
        outgoing.destroy();
        reject(tooLarge(request, response.statusCode ?? 0, size));
      };
      if (limit !== undefined && declared > limit) return refuse(declared);
      // Decoded as it arrives, each chunk let go once read: a body costs its text, not its bytes, their copy and its text at once.
      const decoder = new StringDecoder('utf8');
      let text = '';
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (limit !== undefined && size > limit) {
          text = '';
          return refuse(undefined);
        }
        text += decoder.write(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ response, body: text + decoder.end(), lateWhenSent: lateWhenSent ?? lateSoFar() });
      });
      // Closed before its last byte (Node says only "aborted"): said as what it is, not as a timeout.
      const cut = () => fail(new Error('the connection closed before the answer was whole'));
      response.on('error', cut);
      response.on('close', () => {
        if (!response.complete) cut();
      });
    });
    function fail(error: unknown) {
      clearTimeout(timer);
      outgoing.destroy();
      reject(error);
    }
    // When the request has been handed to the OS whole: what our loop was late until then delayed it.
    let lateWhenSent: number | undefined;
    outgoing.once('finish', () => {
      lateWhenSent = lateSoFar();
    });
    // The whole exchange, the body's last byte included: a server that never ends its answer ends here.
    const timer = setTimeout(() => fail(new TimedOut()), request.timeoutMs);
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}
