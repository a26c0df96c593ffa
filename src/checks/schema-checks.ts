import { targetKey } from '../knowledge/target-file';
import { coverageMarkdown, coverageOf } from '../drift/coverage';
import { assessDrift } from '../drift/drift';
import { countLine, driftTable, radarTable } from '../drift/markdown';
import { shownText } from '../text/shown';
import { deprecationRadar } from '../drift/radar';
import { SchemaUsage } from '../drift/usage';
import { CheckRecorder, DOCS, mustNotPin, NOT_ONBOARDED, type CheckContext, type ContractCheck } from './check';
import { liveSchemaOrFail } from './live-schema';

/** The live schema, the snapshot and our usage of it, or a failure recorded on the way. */
async function schemas(context: CheckContext, recorder: CheckRecorder) {
  const live = await liveSchemaOrFail(context, recorder);
  if (!live) return undefined;
  live.exchanges.slice(-1).forEach((exchange) => recorder.record(exchange));
  try {
    const snapshot = context.snapshot();
    return { live: live.schema, snapshot, usage: SchemaUsage.of(snapshot, [...context.operations, ...context.appOperations]) };
  } catch (error) {
    recorder.fail(`The snapshot could not be read: ${(error as Error).message}`, 'config');
    return undefined;
  }
}

export const SCHEMA_CHECKS: readonly ContractCheck[] = [
  {
    id: 'schema.drift',
    area: 'schema',
    title: 'the live schema has no breaking change for our operations since the stored snapshot',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      const loaded = await schemas(context, recorder);
      if (!loaded) return recorder.result();
      // A change's message quotes the schema (a description of megabytes, from a hostile or careless target): kept to its gist.
      const items = (await assessDrift(loaded.snapshot, loaded.live, loaded.usage, { strict: context.config.strict })).map((item) => ({
        ...item,
        message: shownText(item.message, MAX_CHANGE_TEXT),
      }));
      for (const item of items) recorder.add(item.verdict, `${item.message} [${item.note}]`);
      for (const item of items) if (item.verdict === 'fail') item.usedBy.forEach((name) => recorder.operations.add(name));
      for (const level of ['BREAKING', 'DANGEROUS', 'NON_BREAKING'] as const)
        recorder.facts[`changes_${level.toLowerCase()}`] = items.filter((i) => i.criticality === level).length;
      // Which changes, as a number: a sink tells a change event once per set of changes (src/sinks/pagerduty.ts).
      if (items.length) recorder.facts.changes_fingerprint = fingerprintOf(items.map((item) => `${item.type}:${item.path}`));
      recorder.attach('schema-drift.md', 'text/markdown', driftTable(items, `Schema drift: ${context.knowledge.snapshotPath} against the live schema`));
      recorder.attach('schema-drift.json', 'application/json', JSON.stringify(items, null, 2));
      // What the operations use of the live schema, the application's own included: every run's record of the integration's surface.
      const coverage = coverageOf(loaded.live, SchemaUsage.of(loaded.live, [...context.operations, ...context.appOperations]));
      recorder.attach('coverage.md', 'text/markdown', coverageMarkdown(coverage));
      recorder.attach('coverage.json', 'application/json', JSON.stringify(coverage, null, 2));
      recorder.summary = `${countLine('schema drift', items)}. Accept intended changes with \`npm run schema:pull\` and commit.`;
      return recorder.result();
    },
  },
  {
    id: 'schema.deprecations',
    area: 'schema',
    title: 'no new deprecation touches our operations, and every new deprecation names its replacement',
    docs: DOCS.gettingStarted,
    async run(context) {
      const recorder = new CheckRecorder();
      const loaded = await schemas(context, recorder);
      if (!loaded) return recorder.result();
      const target = targetKey(context.config.target);
      if (mustNotPin(context) && Object.keys(context.deprecations.entries(target)).length === 0) {
        recorder.fail(
          `${NOT_ONBOARDED} ${context.knowledge.deprecationsPath} records no deprecation dates for ${target}, and CI keeps nothing it would record. Run \`npm run onboard\` with its credentials and commit the files it names.`,
          'config',
        );
        return recorder.result();
      }
      const today = new Date(context.now()).toISOString().slice(0, 10);
      const items = deprecationRadar(loaded.snapshot, loaded.live, loaded.usage, context.deprecations, target, { strict: context.config.strict, today });
      for (const item of items) {
        const line = `${item.kind} ${item.coordinate} is deprecated: "${item.reason}" (${item.note})`;
        recorder.add(item.verdict, line);
        if (item.notify) recorder.notice(line);
        if (item.verdict === 'fail') item.usedBy.forEach((name) => recorder.operations.add(name));
        if (item.recorded) recorder.pin({ file: context.knowledge.deprecationsPath, target, key: item.coordinate, value: item.recorded });
      }
      recorder.facts.deprecated_in_use = items.filter((item) => item.usedBy.length && !item.gone).length;
      recorder.attach('deprecations.md', 'text/markdown', radarTable(items, 'Deprecation radar'));
      recorder.attach('deprecations.json', 'application/json', JSON.stringify(items, null, 2));
      recorder.summary = countLine('deprecation radar', items);
      return recorder.result();
    },
  },
];

/** A schema change's words as a report keeps them: enough to recognise it; the snapshot's diff has the rest. */
const MAX_CHANGE_TEXT = 500;

/** A stable 32-bit FNV-1a of a set of lines: the same changes, the same number. */
function fingerprintOf(lines: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const char of [...lines].sort().join('\n')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}
