import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** A proxy's page when nothing answers behind it, as nginx writes it. */
export const BAD_GATEWAY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * A request sent on to `upstream` as it came, and its answer back, as a proxy in front of a sandbox
 * does: the request's body streamed on, or the body already read (by a front that looked into it).
 * The Host header stays the proxy's, so the sandbox's redirects point at the address the monitor
 * knows. Nothing answering behind it is the proxy's 502.
 */
export function forwardTo(upstream: string, req: IncomingMessage, res: ServerResponse, body?: Buffer): void {
  const onward = request(new URL(req.url ?? '/', upstream), { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  onward.on('error', () => res.headersSent || res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY));
  if (body) onward.end(body);
  else req.pipe(onward);
}
