import type { ServerResponse } from 'node:http';

/** How every JSON answer of the sandbox names its media type. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** The GraphQL error body Pluvo's docs lead a client to expect: extensions.code contains "Auth". */
export function authErrorBody(message: string): unknown {
  return { errors: [{ message, extensions: { code: 'AuthenticationError' } }] };
}
