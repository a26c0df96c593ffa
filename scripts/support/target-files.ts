import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadBaseline } from '../../src/baseline/baseline';
import { TargetFile, targetKey } from '../../src/baseline/target-file';
import { CONTRACT_CHECKS } from '../../src/checks/catalogue';
import { createCheckContext } from '../../src/checks/check-context';
import { exitOnConfigError } from '../../src/config/config-error';
import type { MonitorConfig } from '../../src/config/load-config';
import { loadContracts } from '../../src/contracts/manifest';
import { loadDeprecationLog } from '../../src/drift/deprecation-log';
import { FetchTransport } from '../../src/http/fetch-transport';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { introspect } from '../../src/schema/introspect';
import { loadSnapshot, printSnapshot, SNAPSHOT_PATH } from '../../src/schema/snapshot';
import { renderResponseSchemaFile } from '../../src/shapes/response-schema-file';

/**
 * The files that make a target known, and the steps that write them: the schema snapshot, the
 * response schemas generated from it, the pins of behaviour the docs leave open, and the dates
 * deprecations were first seen. `npm run onboard` runs them all; each has its own script too.
 */

/** Write a file only when its text changes; say whether it did. */
function writeIfChanged(path: string, text: string): boolean {
  let before: string | undefined;
  try {
    before = readFileSync(path, 'utf8');
  } catch {
    before = undefined;
  }
  if (before === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

/** Introspect the target and write schemas/pluvo.graphql (sorted SDL). Throws IntrospectionError. */
export async function pullSnapshot(config: MonitorConfig): Promise<{ changed: boolean; droppedOptions: string[]; target: string }> {
  const { graphql } = createPluvoClients(config, new FetchTransport());
  const { schema, droppedOptions } = await introspect(graphql);
  const target = config.target.kind === 'sandbox' ? 'the sandbox' : (config.target.root ?? '');
  const changed = writeIfChanged(SNAPSHOT_PATH, printSnapshot(schema, { target, date: new Date().toISOString().slice(0, 10) }));
  return { changed, droppedOptions, target };
}

/** From the snapshot and contracts/, write schemas/responses/<Operation>.schema.json; the paths written. */
export function generateResponseSchemas(): { operations: number; written: string[] } {
  const schema = exitOnConfigError(() => loadSnapshot());
  const operations = exitOnConfigError(() => loadContracts());
  const written = operations
    .filter((operation) =>
      writeIfChanged(
        operation.schemaPath,
        exitOnConfigError(() => renderResponseSchemaFile(schema, operation)),
      ),
    )
    .map((operation) => operation.schemaPath);
  return { operations: operations.length, written };
}

/**
 * Observe, for the target, what the docs leave open (the checks marked pinsBaseline) and pin it
 * in schemas/baseline.json, replacing what was pinned before; and record when each of its
 * deprecations was first seen in schemas/deprecations.json. Returns what each check said.
 */
export async function pinTarget(config: MonitorConfig, options: { deprecations: boolean }): Promise<{ lines: string[]; failures: number }> {
  const baseline = exitOnConfigError(() => loadBaseline());
  const deprecations = options.deprecations ? exitOnConfigError(() => loadDeprecationLog()) : TargetFile.inMemory<never>();
  const key = targetKey(config.target);
  baseline.forget(key);
  const context = createCheckContext(config, createPluvoClients(config, new FetchTransport()), { baseline, deprecations }, { pinning: true });
  const lines: string[] = [];
  let failures = 0;
  const checks = CONTRACT_CHECKS.filter((check) => check.pinsBaseline || (options.deprecations && check.id === 'schema.deprecations'));
  for (const check of checks) {
    const result = await check.run(context);
    for (const finding of result.findings) {
      if (finding.severity === 'fail') failures += 1;
      if (finding.severity !== 'info' || check.pinsBaseline) lines.push(`${check.id}: ${finding.message}`);
    }
    if (result.skipped) lines.push(`${check.id}: skipped: ${result.skipped}`);
  }
  return { lines, failures };
}
