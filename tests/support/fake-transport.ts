import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/transport';

export type Responder = (request: HttpRequest, index: number) => Partial<HttpResponse> | Promise<Partial<HttpResponse>>;

/** A transport that answers from a function and records every request it was given. */
export class FakeTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly responder: Responder) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const answer = await this.responder(request, this.requests.length - 1);
      return { status: 200, headers: {}, body: '', durationMs: 1, ...answer };
    } finally {
      this.inFlight -= 1;
    }
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Partial<HttpResponse> {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

export function tokenBody(value: string, expiresIn = 86_400, scope = 'users.read'): Partial<HttpResponse> {
  return json(200, { access_token: value, token_type: 'Bearer', expires_in: expiresIn, scope });
}
