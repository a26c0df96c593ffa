import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BAD_GATEWAY, forwardTo } from './forward';

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
    forwardTo(this.upstream, req, res);
  }
}
