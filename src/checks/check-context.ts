import type { AppOperation } from '../contracts/app-operations';
import type { GraphQLSchema } from 'graphql';
import type { MonitorConfig } from '../config/load-config';
import { loadContracts, type ContractOperation } from '../contracts/manifest';
import type { Baseline } from '../knowledge/baseline';
import type { DeprecationLog } from '../knowledge/deprecation-log';
import type { Knowledge } from '../knowledge/layout';
import type { PluvoClients } from '../pluvo/pluvo-clients';
import { introspect, type IntrospectionResult } from '../schema/introspect';
import { loadSnapshot } from '../schema/snapshot';
import { outageInMemory, type CheckContext, type OutageMemory } from './check';
import { openCheckFiles } from './check-files';

export interface CheckContextOptions {
  /** The pins and dates to read (the knowledge's files unless given: tests give copies). */
  files?: { baseline: Baseline; deprecations: DeprecationLog };
  /** Our operations (the knowledge's contracts unless given). */
  operations?: readonly ContractOperation[];
  /** The application's own operations (none unless given: the run reads them from the settings). */
  appOperations?: readonly AppOperation[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  pinning?: boolean;
  say?: (line: string) => void;
  /** Where a confirmed outage is remembered (this process's memory unless given). */
  outage?: OutageMemory;
  /** Where the target's scopes were set, for a message that names the place to change them (PLUVO_SCOPES unless given). */
  scopesSetIn?: string;
}

/**
 * The context every check of a run against one target shares. The live schema is introspected once
 * and operation results that feed other operations' variables are fetched once, however many checks
 * ask; the snapshot and operations are those of the target's knowledge.
 */
export function createCheckContext(config: MonitorConfig, clients: PluvoClients, knowledge: Knowledge, options: CheckContextOptions = {}): CheckContext {
  return contextWith(
    config,
    clients,
    knowledge,
    options,
    options.files ?? openCheckFiles(config, knowledge),
    options.operations ?? loadContracts(knowledge.contractsDir),
    options.outage ?? outageInMemory(),
  );
}

function contextWith(
  config: MonitorConfig,
  clients: PluvoClients,
  knowledge: Knowledge,
  options: CheckContextOptions,
  files: NonNullable<CheckContextOptions['files']>,
  operations: readonly ContractOperation[],
  outage: CheckContext['outage'],
): CheckContext {
  let live: Promise<IntrospectionResult> | undefined;
  let snapshot: GraphQLSchema | undefined;
  const shared = new Map<string, Promise<unknown>>();
  return {
    config,
    clients,
    knowledge,
    operations,
    appOperations: options.appOperations ?? [],
    baseline: files.baseline,
    deprecations: files.deprecations,
    snapshot: () => (snapshot ??= loadSnapshot(knowledge.snapshotPath)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
    pinning: options.pinning ?? false,
    liveSchema: () => (live ??= introspect(clients.graphql)),
    say: options.say ?? ((line) => process.stdout.write(`${line}\n`)),
    scopesSetIn: options.scopesSetIn ?? 'PLUVO_SCOPES',
    fresh: () => contextWith(config, clients, knowledge, options, files, operations, outage),
    outage,
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
