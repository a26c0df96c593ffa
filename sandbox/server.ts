import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimiter } from './auth/rate-limiter';
import { TokenStore } from './auth/token-store';
import { SeededRandom } from './data/random';
import { seedData } from './data/seed';
import { SandboxStore } from './data/store';
import { buildSandboxSchema } from './graphql/build-schema';
import { attachResolvers } from './graphql/resolvers';
import { handleGraphQLRequest } from './http/graphql-endpoint';
import { handleTokenRequest } from './http/oauth-endpoint';
import { sendJson, sendText } from './http/respond';
import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from './options';

/** The header in which the sandbox says how long it held a response back (latency, slow responses). */
export const SANDBOX_DELAY_HEADER = 'x-sandbox-delay-ms';

export interface RunningSandbox {
  url: string;
  port: number;
  store: SandboxStore;
  /** Requests served so far: what a client's run cost, as the server saw it. */
  readonly requests: number;
  /** Requests in hand now (received, not yet answered), and the most it has had at once: a client's concurrency, as the server saw it. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** The extra wait the slow-responses fault adds. */
const SLOW_RESPONSE_MS = 3_000;
/** Request bodies above this are refused: the sandbox is not a place to stream megabytes. */
const MAX_BODY_BYTES = 1_000_000;

export async function startSandbox(overrides: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const options: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, ...overrides };
  const store = new SandboxStore(seedData({ seed: options.seed, users: options.users, faults: options.faults }));
  const schema = buildSandboxSchema(options.faults);
  attachResolvers(schema, store, { overLimit: options.overLimit, faults: options.faults });
  const tokens = new TokenStore(options.now);
  const rateLimiter = new RateLimiter(options.rateLimit, options.rateBurst, options.now);
  const delayMs = options.latencyMs + (options.faults.has('slow-responses') ? SLOW_RESPONSE_MS : 0);
  const churn = churner(store, options);
  const served = { count: 0 };
  const clients = options.clients.map((client) => ({
    ...client,
    allowedScopes: client.allowedScopes.filter((scope) => !options.refusedScopes.includes(scope)),
  }));
  const outage = outageWindow(options);

  const route = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    const slashless = path === '/graphql' || path === '/oauth/token';
    // Django's APPEND_SLASH: a 301 to the slashed path; the body is never looked at.
    if (slashless && !options.faults.has('no-slash-redirect')) {
      const query = (req.url ?? '').slice(path.length);
      const host = options.faults.has('redirect-to-other-host') ? 'http://pluvo-login.example' : '';
      res.writeHead(301, { location: `${host}${path}/${query}`, 'content-length': 0 });
      return res.end();
    }
    if (path === '/graphql/' || path === '/graphql')
      return handleGraphQLRequest(req, res, body, { schema, tokens, rateLimiter, faults: options.faults, served, inOutage: outage });
    if (path === '/oauth/token/' || path === '/oauth/token') {
      return handleTokenRequest(req, res, body, { clients, tokens, tokenTtlSeconds: options.tokenTtlSeconds, faults: options.faults });
    }
    if (path === '/healthz') return sendJson(res, 200, { ok: true, faults: [...options.faults] });
    sendText(res, 404, 'Not found. The sandbox serves POST /graphql/ and POST /oauth/token/.\n');
  };

  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const respond = () => {
        if (size > MAX_BODY_BYTES) return sendJson(res, 413, { errors: [{ message: 'Request body too large.' }] });
        try {
          churn();
          route(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          sendJson(res, 500, { errors: [{ message: `Sandbox error: ${(error as Error).message}` }] });
        }
      };
      // Said in a header, for a client on a virtual clock whose requests overlap: the delay is this
      // request's own, however far other waits moved the clock meanwhile. Pluvo sends no such header.
      if (delayMs > 0) res.setHeader(SANDBOX_DELAY_HEADER, String(delayMs));
      if (delayMs > 0) void options.sleep(delayMs).then(respond);
      else respond();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    store,
    get requests() {
      return requests;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Whether a GraphQL request now falls in the outage that begins with the first one (--outage-ms). */
function outageWindow(options: SandboxOptions): () => boolean {
  if (options.outageMs <= 0) return () => false;
  let startedAt: number | undefined;
  return () => {
    startedAt ??= options.now();
    return options.now() - startedAt < options.outageMs;
  };
}

/** At most this many changes are applied at once: a clock that jumps a day must not stall a request. */
const MAX_CHURN_PER_REQUEST = 1_000;

/**
 * The organisation's changes that are due by the sandbox's clock, applied as each request arrives:
 * no timer to leak, and under a virtual clock exactly as many changes as the clock says.
 */
function churner(store: SandboxStore, options: SandboxOptions): () => void {
  if (options.churnPerSecond <= 0) return () => undefined;
  const startedAt = options.now();
  const random = new SeededRandom(options.seed ^ 0x5eed);
  let applied = 0;
  return () => {
    const due = Math.floor(((options.now() - startedAt) * options.churnPerSecond) / 1000);
    for (let n = 0; applied < due && n < MAX_CHURN_PER_REQUEST; n++, applied++) store.churnOnce((below) => random.int(0, below - 1));
    applied = Math.max(applied, due - MAX_CHURN_PER_REQUEST);
  };
}
