import type { Baseline } from '../baseline/baseline';
import type { DeprecationLog } from '../drift/deprecation-log';
import { loadSnapshot } from '../schema/snapshot';
import type { GraphQLSchema } from 'graphql';
import type { MonitorConfig } from '../config/load-config';
import type { GraphQLExchange } from '../pluvo/graphql-client';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import { introspect, type IntrospectionResult } from '../schema/introspect';
import type { CheckContext } from './check';

/**
 * The context every check of a run shares. The live schema is introspected once and operation
 * results that feed other operations' variables are fetched once, however many checks ask.
 */
export function createCheckContext(
  config: MonitorConfig,
  clients: PluvoClients,
  files: { baseline: Baseline; deprecations: DeprecationLog },
  options: { sleep?: (ms: number) => Promise<void> } = {},
): CheckContext {
  let live: Promise<IntrospectionResult> | undefined;
  let snapshot: GraphQLSchema | undefined;
  const operations = new Map<string, Promise<GraphQLExchange>>();
  return {
    config,
    clients,
    baseline: files.baseline,
    deprecations: files.deprecations,
    snapshot: () => (snapshot ??= loadSnapshot()),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    liveSchema: () => (live ??= introspect(clients.graphql)),
    once: (key, run) => {
      let result = operations.get(key);
      if (!result) {
        result = run();
        operations.set(key, result);
      }
      return result;
    },
  };
}
