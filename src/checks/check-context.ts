import type { Baseline } from '../baseline/baseline';
import type { DeprecationLog } from '../drift/deprecation-log';
import { loadSnapshot } from '../schema/snapshot';
import type { GraphQLSchema } from 'graphql';
import type { MonitorConfig } from '../config/load-config';
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
  options: { sleep?: (ms: number) => Promise<void>; now?: () => number; pinning?: boolean } = {},
): CheckContext {
  let live: Promise<IntrospectionResult> | undefined;
  let snapshot: GraphQLSchema | undefined;
  const shared = new Map<string, Promise<unknown>>();
  return {
    config,
    clients,
    baseline: files.baseline,
    deprecations: files.deprecations,
    snapshot: () => (snapshot ??= loadSnapshot()),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
    pinning: options.pinning ?? false,
    liveSchema: () => (live ??= introspect(clients.graphql)),
    once: <T>(key: string, run: () => Promise<T>) => {
      let result = shared.get(key) as Promise<T> | undefined;
      if (!result) {
        result = run();
        shared.set(key, result);
      }
      return result;
    },
  };
}
