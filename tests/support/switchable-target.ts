import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy's page when nothing answers behind it, as nginx writes it. */
const BAD_GATEWAY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * An organisation at one fixed address whose backend a test switches between runs: a sandbox
 * (started with whatever faults or latency the step needs), or nothing (a proxy's 502, an
 * outage). State and history are kept by the target's address, so it must not move.
 */
export class SwitchableTarget {
  private upstream: string | undefined;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SwitchableTarget> {
    let target: SwitchableTarget | undefined;
    const server = createServer((req, res) => target!.forward(req, res));
    target = new SwitchableTarget(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serve from this sandbox's address from now on; undefined: nothing answers (502). */
  switchTo(upstream: string | undefined): void {
    this.upstream = upstream;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    if (!this.upstream) {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY);
      return;
    }
    const to = new URL(req.url ?? '/', this.upstream);
    // The Host header stays the proxy's, so the sandbox's redirects point at the address the monitor knows.
    const onward = request(to, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    onward.on('error', () => res.headersSent || res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY));
    req.pipe(onward);
  }
}
