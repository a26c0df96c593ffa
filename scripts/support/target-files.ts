import { readFileSync } from 'node:fs';
import { catalogue } from '../../src/checks/catalogue';
import { createCheckContext } from '../../src/checks/check-context';
import { exitOnConfigError } from '../../src/config/config-error';
import { loadContracts } from '../../src/contracts/manifest';
import { writeAtomically } from '../../src/files/write-atomic';
import { NodeTransport } from '../../src/http/node-transport';
import { loadBaseline } from '../../src/knowledge/baseline';
import { loadDeprecationLog } from '../../src/knowledge/deprecation-log';
import { responseSchemaPath, type Knowledge } from '../../src/knowledge/layout';
import { TargetFile, targetKey } from '../../src/knowledge/target-file';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { introspect } from '../../src/schema/introspect';
import { loadSnapshot, printSnapshot, snapshotBody } from '../../src/schema/snapshot';
import { renderResponseSchemaFile } from '../../src/shapes/response-schema-file';
import type { RunTarget } from '../../src/targets/targets-file';

/**
 * The files that make a target known, and the steps that write them: the schema snapshot, the
 * response schemas generated from it, the pins of behaviour the docs leave open, and the dates
 * deprecations were first seen, each in the target's own knowledge folder. `npm run onboard` runs
 * them all; each has its own script too.
 */

/** A file's text, or undefined when there is none. */
function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Write a file only when its text changes, atomically; say whether it did. */
function writeIfChanged(path: string, text: string): boolean {
  if (readIfThere(path) === text) return false;
  writeAtomically(path, text);
  return true;
}

/** Introspect the target and write its snapshot (sorted SDL). Throws IntrospectionError. */
export async function pullSnapshot({ config, knowledge }: RunTarget): Promise<{ changed: boolean; droppedOptions: string[]; target: string; path: string }> {
  const { graphql } = createPluvoClients(config, new NodeTransport());
  const { schema, droppedOptions } = await introspect(graphql);
  const target = config.target.kind === 'sandbox' ? 'the sandbox' : (config.target.root ?? '');
  const text = printSnapshot(schema, { target, date: new Date().toISOString().slice(0, 10) });
  // The same schema pulled on another day is no change: its header's date alone would be a diff to review.
  const before = readIfThere(knowledge.snapshotPath);
  const changed = before === undefined || snapshotBody(before) !== snapshotBody(text) ? writeIfChanged(knowledge.snapshotPath, text) : false;
  return { changed, droppedOptions, target, path: knowledge.snapshotPath };
}

/** From a target's snapshot and our operations, write its response schemas; the paths written. */
export function generateResponseSchemas(knowledge: Knowledge): { operations: number; written: string[] } {
  const schema = exitOnConfigError(() => loadSnapshot(knowledge.snapshotPath));
  const operations = exitOnConfigError(() => loadContracts(knowledge.contractsDir));
  const written = operations
    .filter((operation) =>
      writeIfChanged(
        responseSchemaPath(knowledge, operation),
        exitOnConfigError(() => renderResponseSchemaFile(schema, operation, knowledge.snapshotPath)),
      ),
    )
    .map((operation) => responseSchemaPath(knowledge, operation));
  return { operations: operations.length, written };
}

/**
 * Observe, for the target, what the docs leave open (the checks marked pinsBaseline) and pin it in
 * its baseline.json, replacing what was pinned before; and record when each of its deprecations was
 * first seen in its deprecations.json. Returns what each check said.
 */
export async function pinTarget(
  { config, knowledge }: RunTarget,
  options: { deprecations: boolean },
): Promise<{ lines: string[]; failures: number; baselineKept: boolean }> {
  const baseline = exitOnConfigError(() => loadBaseline(knowledge.baselinePath));
  const deprecations = options.deprecations ? exitOnConfigError(() => loadDeprecationLog(knowledge.deprecationsPath)) : TargetFile.inMemory<never>();
  baseline.forget(targetKey(config.target));
  // Our operations are parsed here: a broken one is one line naming its file, never a stack trace.
  const context = exitOnConfigError(() =>
    createCheckContext(config, createPluvoClients(config, new NodeTransport()), knowledge, { files: { baseline, deprecations }, pinning: true }),
  );
  const lines: string[] = [];
  let failures = 0;
  let unpinned = 0;
  const checks = catalogue(context.operations).filter((check) => check.pinsBaseline || (options.deprecations && check.id === 'schema.deprecations'));
  for (const check of checks) {
    const result = await check.run(context);
    for (const finding of result.findings) {
      if (finding.severity === 'fail') {
        failures += 1;
        if (check.pinsBaseline) unpinned += 1;
      }
      if (finding.severity !== 'info' || check.pinsBaseline) lines.push(`${check.id}: ${finding.message}`);
    }
    if (result.skipped) lines.push(`${check.id}: skipped: ${result.skipped}`);
  }
  // Pinned on purpose: the files are written here, and the command names them. A behaviour that could
  // not be observed (no answer, no token) would leave the target with fewer pins than it had: what
  // was pinned before is kept whole, and the command says so.
  if (!unpinned) baseline.save();
  deprecations.save();
  return { lines, failures, baselineKept: unpinned > 0 };
}
