import type { MonitorConfig } from '../config/load-config';
import { ConfigError } from '../config/config-error';
import type { HttpTransport } from '../http/transport';
import { GraphQLClient } from './graphql-client';
import { RunLimits } from './run-limits';
import { TokenClient } from './token-client';

export interface PluvoClients {
  root: string;
  /** For checks that must send a request exactly as they build it (no slash, no token). */
  transport: HttpTransport;
  timeoutMs: number;
  maxResponseBytes: number;
  tokens: TokenClient;
  graphql: GraphQLClient;
  limits: RunLimits;
}

/** Wire the token and GraphQL clients for one run over any transport (Playwright or fetch). */
export function createPluvoClients(
  config: MonitorConfig,
  transport: HttpTransport,
  options: { limits?: RunLimits; sleep?: (ms: number) => Promise<void> } = {},
): PluvoClients {
  const root = config.target.root;
  if (!root) {
    throw new ConfigError(
      'PLUVO_BASE_URL',
      'is not set and no sandbox was started',
      'Run through `npm start` (it starts the sandbox), or set PLUVO_ORG or PLUVO_BASE_URL',
    );
  }
  const runLimits = options.limits ?? new RunLimits({ concurrency: config.concurrency, retryBudgetMs: config.retryBudgetMs, maxRequests: config.maxRequests });
  const tokens = new TokenClient({
    transport,
    root,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    limits: runLimits,
  });
  const graphql = new GraphQLClient({
    transport,
    root,
    tokens,
    defaultScopes: config.scopes,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    limits: runLimits,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  return { root, transport, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes, tokens, graphql, limits: runLimits };
}
