import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../sandbox/server';
import { forwardTo } from './forward';

/** A request the front holds back, with what it needs to be sent on later. */
interface HeldRequest {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
}

export interface HeldPagesSandbox {
  /** The address a run is given as PLUVO_SANDBOX_URL. */
  url: string;
  /** Requests held back so far. */
  readonly held: number;
  /** Requests received so far, held or not. */
  readonly requests: number;
  /** Sends every held request on, and holds no more: the run can then finish. */
  release(): void;
  close(): Promise<void>;
}

/** Whether a GraphQL request asks for a page after the first: a walk under way. */
function asksForALaterPage(body: Buffer): boolean {
  try {
    const { variables } = JSON.parse(body.toString('utf8')) as { variables?: { after?: unknown } };
    return typeof variables?.after === 'string';
  } catch {
    return false;
  }
}

/**
 * A sandbox that answers at once, except the first `maxHeld` requests for a later page of a walk,
 * which it holds until released (or until the run's own request timeout, 30 s). A run against it
 * reports its first checks within moments of its start and is then certainly still going, however
 * fast or loaded the machine: the moment a signal test needs, without making every request slow.
 * At most `maxHeld` (fewer than PLUVO_CONCURRENCY's 4) are held, so the other checks are never
 * starved of a request slot.
 */
export async function startHeldPagesSandbox(maxHeld = 2): Promise<HeldPagesSandbox> {
  const sandbox = await startSandbox({ port: 0 });
  const heldBack: HeldRequest[] = [];
  let held = 0;
  let requests = 0;
  let holding = true;

  const forward = ({ req, res, body }: HeldRequest) => forwardTo(sandbox.url, req, res, body);

  const front = createServer((req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const pending = { req, res, body: Buffer.concat(chunks) };
      if (holding && held < maxHeld && asksForALaterPage(pending.body)) {
        held += 1;
        heldBack.push(pending);
      } else forward(pending);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    get held() {
      return held;
    },
    get requests() {
      return requests;
    },
    release() {
      holding = false;
      for (const pending of heldBack.splice(0)) forward(pending);
    },
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await sandbox.close();
    },
  };
}
