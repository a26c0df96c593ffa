import { test, expect } from '../contract/base-test';
import { buildSchema, parse, Source, validate } from 'graphql';
import { TargetFile } from '../../src/knowledge/target-file';
import type { ContractOperation } from '../../src/contracts/manifest';
import { assessDrift } from '../../src/drift/drift';
import type { FirstSeen } from '../../src/knowledge/deprecation-log';
import { deprecationRadar } from '../../src/drift/radar';
import { SchemaUsage } from '../../src/drift/usage';

const BASE = `
  enum Language { NL EN DE }
  enum Color { RED GREEN }
  input Filter { q: String, archived: Boolean }
  type User { id: ID!, email: String!, name: String, language: Language!, favourite: Color, old: String @deprecated(reason: "Use name.") }
  type Report { id: ID! }
  type Query { users(first: Int, filter: Filter, archived: Boolean): [User!]!, report: Report, legacy: String }
`;
const operation = (name: string, body: string): ContractOperation => ({
  name,
  documentPath: `contracts/${name}.graphql`,
  source: new Source(body, name),
  document: parse(body),
  scopes: [],
  variables: {},
  schemaFile: '',
  assertions: [],
  latency: {},
});
const OPS = [operation('Sync', 'query Sync($f: Filter) { users(first: 10, filter: $f) { id email language old } }')];

async function drift(after: string, options = { strict: false }) {
  const before = buildSchema(BASE);
  return assessDrift(before, buildSchema(after), SchemaUsage.of(before, OPS), options);
}
const verdicts = (items: Array<{ verdict: string; path: string; note: string }>) => items.map((i) => `${i.verdict} ${i.path}: ${i.note}`);

test.describe('drift: severity by our usage', () => {
  test('no change, no verdict', async () => {
    expect(await drift(BASE)).toEqual([]);
  });

  test('a breaking change to a field we select fails and names the operation', async () => {
    expect(verdicts(await drift(BASE.replace('email: String!,', '')))).toEqual(['fail User.email: breaking, used by Sync']);
  });

  test('a breaking change nobody of ours touches is a warning', async () => {
    expect(verdicts(await drift(BASE.replace(', legacy: String', '')))).toEqual(['warn Query.legacy: breaking, not used by us']);
  });

  test('a removed type we never use warns; suppressRemovalOfDeprecatedField is not there to hide it', async () => {
    const after = BASE.replace('type Report { id: ID! }', '').replace(', report: Report', '');
    expect(verdicts(await drift(after))).toEqual(['warn Query.report: breaking, not used by us', 'warn Report: breaking, not used by us']);
  });

  test('removing a deprecated field we still select fails', async () => {
    expect(verdicts(await drift(BASE.replace(', old: String @deprecated(reason: "Use name.")', '')))).toEqual(['fail User.old: breaking, used by Sync']);
  });

  test('an enum value removed: from one we only read, a warning (every operation still validates and sends the same values); from one we send, a failure; from one we never touch, a warning', async () => {
    const fewer = BASE.replace('enum Language { NL EN DE }', 'enum Language { NL EN }');
    expect(verdicts(await drift(fewer))).toEqual(['warn Language.DE: breaking, but the live schema still accepts what Sync sends']);
    // graphql-js agrees: the operation still validates against the live schema.
    expect(validate(buildSchema(fewer), OPS[0]!.document)).toEqual([]);
    const sending = BASE.replace('users(first: Int,', 'users(language: Language, first: Int,');
    const sends = operation('ByLanguage', 'query ByLanguage { users(language: DE) { id } }');
    const before = buildSchema(sending);
    const items = await assessDrift(
      before,
      buildSchema(sending.replace('enum Language { NL EN DE }', 'enum Language { NL EN }')),
      SchemaUsage.of(before, [sends]),
      {
        strict: false,
      },
    );
    expect(verdicts(items)).toEqual(['fail Language.DE: breaking, used by ByLanguage']);
    expect(verdicts(await drift(BASE.replace('enum Color { RED GREEN }', 'enum Color { RED }')))).toEqual(['warn Color.GREEN: breaking, not used by us']);
  });

  test('arguments: one we pass removed fails; one we never pass removed warns; a new required one on our field fails', async () => {
    expect(verdicts(await drift(BASE.replace('users(first: Int, filter: Filter, archived: Boolean)', 'users(filter: Filter, archived: Boolean)')))).toEqual([
      'fail Query.users.first: breaking, used by Sync',
    ]);
    expect(verdicts(await drift(BASE.replace(', archived: Boolean)', ')')))).toEqual(['warn Query.users.archived: breaking, not used by us']);
    expect(verdicts(await drift(BASE.replace('archived: Boolean)', 'archived: Boolean, tenant: ID!)')))).toEqual([
      'fail Query.users.tenant: breaking, used by Sync',
    ]);
  });

  test('an input field turned required fails the operations that send that input, and only those', async () => {
    const after = BASE.replace('input Filter { q: String, archived: Boolean }', 'input Filter { q: String, archived: Boolean, tenant: ID! }');
    const sending = [{ ...OPS[0]!, variables: { f: { q: 'ada' } } }];
    const before = buildSchema(BASE);
    expect(verdicts(await assessDrift(before, buildSchema(after), SchemaUsage.of(before, sending), { strict: false }))).toEqual([
      'fail Filter.tenant: breaking, used by Sync',
    ]);
    // Sync declares $f but gives it no value: no Filter is sent, so nothing it sends changed.
    expect(verdicts(await drift(after))).toEqual(['warn Filter.tenant: breaking, but the live schema still accepts what Sync sends']);
  });

  test('an input change that is not breaking names the operations that send that input, not those that only declare it', async () => {
    const after = BASE.replace('input Filter { q: String, archived: Boolean }', 'input Filter { q: String, archived: Boolean, tenant: ID = "main" }');
    const before = buildSchema(BASE);
    const sending = [{ ...OPS[0]!, variables: { f: { q: 'ada' } } }];
    expect((await assessDrift(before, buildSchema(after), SchemaUsage.of(before, sending), { strict: false })).map((i) => i.usedBy)).toEqual([['Sync']]);
    expect((await drift(after)).map((i) => i.usedBy)).toEqual([[]]);
  });

  test('a type added whole: its own fields are implied and not listed again; what else changed at its name is kept', async () => {
    const after = BASE.replace('type Report { id: ID! }', 'type Report { id: ID! }\n  type Audit { at: String, by: String }').replace(
      ', legacy: String',
      ', legacy: String, audit: Audit',
    );
    expect(verdicts(await drift(after))).toEqual(['info Audit: non-breaking', 'info Query.audit: non-breaking']);
  });

  test('a field type change we select fails, nullable to non-null on output is fine', async () => {
    expect(verdicts(await drift(BASE.replace('email: String!', 'email: Int!')))).toEqual(['fail User.email: breaking, used by Sync']);
    expect(verdicts(await drift(BASE.replace('name: String,', 'name: String!,')))).toEqual(['info User.name: non-breaking']);
  });

  test('dangerous warns, and fails under the strict flag; non-breaking is information', async () => {
    const after = BASE.replace('archived: Boolean)', 'archived: Boolean, sortBy: String)');
    expect(verdicts(await drift(after))).toEqual(['warn Query.users.sortBy: dangerous, used by Sync']);
    expect(verdicts(await drift(after, { strict: true }))).toEqual(['fail Query.users.sortBy: dangerous, used by Sync (strict)']);
    expect(verdicts(await drift(BASE.replace('type Report { id: ID! }', 'type Report { id: ID!, total: Int }')))).toEqual(['info Report.total: non-breaking']);
  });

  test('a description change is information, never an alarm', async () => {
    expect(verdicts(await drift(BASE.replace('type Report', '"Totals." type Report')))).toEqual(['info Report: non-breaking']);
  });
});

test.describe('deprecation radar', () => {
  const radar = (before: string, after: string, options: { strict?: boolean; log?: TargetFile<FirstSeen> } = {}) => {
    const snapshot = buildSchema(before);
    const log = options.log ?? TargetFile.inMemory<FirstSeen>();
    return deprecationRadar(snapshot, buildSchema(after), SchemaUsage.of(snapshot, OPS), log, 't', { strict: options.strict ?? false, today: '2026-11-28' });
  };
  const lines = (items: ReturnType<typeof radar>) => items.map((i) => `${i.verdict} ${i.coordinate} (${i.kind}): ${i.note}`);

  test('a known deprecation we still use warns with a notice, and fails when strict', () => {
    const items = radar(BASE, BASE);
    expect(lines(items)).toEqual(['warn User.old (field): deprecated since 2026-11-28 and still used by Sync; replacement: name']);
    expect(items[0]?.notify).toBe(true);
    expect(radar(BASE, BASE, { strict: true })[0]?.verdict).toBe('fail');
  });

  test('a new deprecation on a field we use fails and names the replacement', () => {
    const after = BASE.replace('email: String!,', 'email: String! @deprecated(reason: "Use primaryEmail."), primaryEmail: String,');
    expect(lines(radar(BASE, after))[0]).toBe('fail User.email (field): newly deprecated and used by Sync; replacement: primaryEmail');
  });

  test('a new deprecation nobody of ours uses is a warning', () => {
    const after = BASE.replace(', legacy: String', ', legacy: String @deprecated(reason: "Use report.")');
    expect(lines(radar(BASE, after))).toContain('warn Query.legacy (field): newly deprecated, not used by us; replacement: report');
  });

  test('a new or changed reason naming no alternative in the live schema fails; an accepted one only warns', () => {
    const after = BASE.replace(', legacy: String', ', legacy: String @deprecated(reason: "Replaced by the AbsoluteDateCondition.")');
    expect(lines(radar(BASE, after))).toContain(
      "fail Query.legacy (field): new deprecation that names no alternative present in the live schema (Pluvo's docs promise one)",
    );
    expect(lines(radar(after, after))).toContain('warn Query.legacy (field): names no alternative in the live schema');
    const changed = BASE.replace('@deprecated(reason: "Use name.")', '@deprecated(reason: "No longer supported.")');
    expect(lines(radar(BASE, changed))[0]).toMatch(/^fail User\.old \(field\): reason changed that names no alternative/);
  });

  test('arguments, input fields and enum values are on the radar too', () => {
    const after = BASE.replace('archived: Boolean)', 'archived: Boolean @deprecated(reason: "Use filter."))')
      .replace('input Filter { q: String, archived: Boolean }', 'input Filter { q: String, archived: Boolean @deprecated(reason: "Use q.") }')
      .replace('enum Color { RED GREEN }', 'enum Color { RED GREEN @deprecated(reason: "Use RED.") }');
    const found = radar(BASE, after).map((i) => `${i.coordinate} ${i.kind} ${i.verdict}`);
    expect(found).toEqual(expect.arrayContaining(['Query.users.archived argument warn', 'Color.GREEN enum value warn', 'Filter.archived input field fail']));
  });

  test('a deprecated thing that disappears is reported', () => {
    const after = BASE.replace(', old: String @deprecated(reason: "Use name.")', '');
    expect(lines(radar(BASE, after))[0]).toMatch(/^warn User\.old \(field\): was deprecated .* no longer exists/);
  });

  test('first-seen dates are recorded once and then reported as "since"', () => {
    const log = TargetFile.inMemory<FirstSeen>({ t: { 'User.old': { firstSeen: '2025-01-02', reason: 'Use name.' } } });
    expect(radar(BASE, BASE, { log })[0]?.since).toBe('2025-01-02');
    const fresh = TargetFile.inMemory<FirstSeen>();
    radar(BASE, BASE, { log: fresh });
    expect(fresh.get('t', 'User.old')).toEqual({ firstSeen: '2026-11-28', reason: 'Use name.' });
  });
});
