/**
 * The seam between our Pluvo clients and whatever sends HTTP: Node's fetch in the suite and
 * scripts, a fake in unit tests. Every implementation keeps the same promises:
 *  - a redirect is returned, never followed (following a 301 would resend credentials);
 *  - every request has a timeout;
 *  - a network failure becomes a TransportError whose message is already redacted.
 */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** A body beyond this many bytes is not read: the send fails with "response too large". */
  maxBytes?: number;
}

/** What a response over the size limit fails with: an answer, with its status, that is not read. */
export function tooLarge(request: HttpRequest, status: number, size: number | undefined): ResponseTooLarge {
  const got = size === undefined ? `more than ${request.maxBytes} bytes` : `${size} bytes`;
  return new ResponseTooLarge(
    `${request.method} ${request.url}: response too large (${got}; the limit is ${request.maxBytes}, PLUVO_MAX_RESPONSE_BYTES); not read`,
    status,
  );
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * The target answered (a status line and headers came), with more than we read: not an outage
 * but an answer to judge by its status, as a 200 of 50 MB breaks the contract and a 502 does not.
 */
export class ResponseTooLarge extends TransportError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, false);
    this.name = 'ResponseTooLarge';
  }
}
