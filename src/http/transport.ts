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

/** What a response over the size limit fails with. */
export function tooLarge(request: HttpRequest, size: number | undefined): TransportError {
  const got = size === undefined ? `more than ${request.maxBytes} bytes` : `${size} bytes`;
  return new TransportError(
    `${request.method} ${request.url}: response too large (${got}; the limit is ${request.maxBytes}, PLUVO_MAX_RESPONSE_BYTES); not read`,
    false,
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
