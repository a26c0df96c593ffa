import { test, expect } from '../contract/base-test';
import { buildSchema, parse } from 'graphql';
import { TargetFile } from '../../src/knowledge/target-file';
import type { ContractOperation } from '../../src/contracts/manifest';
import type { DriftItem } from '../../src/drift/drift';
import type { FirstSeen } from '../../src/knowledge/deprecation-log';
import { countLine, driftTable, radarTable } from '../../src/drift/markdown';
import { alternativeIn, deprecationRadar, deprecationsOf, type RadarItem } from '../../src/drift/radar';
import { SchemaUsage } from '../../src/drift/usage';

/**
 * The drift check's parts on a schema small enough to read whole: what our operations touch, what
 * is deprecated and what replaces it, the radar's verdicts, and the tables. tests/unit/drift.spec.ts
 * runs the whole check, and on GitHub's real schema.
 */

const SDL = `
  type Query {
    users(first: Int, archived: Boolean @deprecated(reason: "Use status."), status: Status, filter: UserFilter): [User!]!
    user(ref: String!): User
    legacyUsers: [User!]! @deprecated(reason: "Use users.")
    node(id: ID!): Node
  }
  type Mutation { archive(ref: String!): User }
  interface Node { id: ID! }
  type User implements Node {
    id: ID!
    email: String @deprecated(reason: "Use emailAddress.")
    emailAddress: String
    name: String @deprecated(reason: "No longer kept.")
    status: Status
    group: Group
  }
  type Group implements Node { id: ID! title: String }
  enum Status { ACTIVE INVITED @deprecated(reason: "Use ACTIVE.") }
  input UserFilter { status: Status  nested: NameFilter  legacy: String @deprecated(reason: "Use status.") }
  input NameFilter { prefix: String  again: UserFilter }
`;
const schema = buildSchema(SDL);

const operation = (name: string, text: string) => ({ name, document: parse(text), variables: {} }) as unknown as ContractOperation;
const operations = [
  operation('Users', 'query Users($f: UserFilter) { users(first: 5, filter: $f) { id email ... on User { group { title } } } }'),
  operation('One', 'query One($ref: String!) { user(ref: $ref) { ...Named } } fragment Named on Node { id }'),
  operation('Unknown', '{ users { notAField } nosuchRoot }'),
];
const usage = SchemaUsage.of(schema, operations);

test.describe('what our operations touch', () => {
  test('types, fields and arguments, each with the operations that touch them', () => {
    expect(usage.touchedBy('User', schema)).toEqual(['One', 'Unknown', 'Users']);
    expect(usage.touchedBy('User.email', schema)).toEqual(['Users']);
    expect(usage.touchedBy('User.emailAddress', schema)).toEqual([]);
    expect(usage.touchedBy('Group.title', schema)).toEqual(['Users']);
    expect(usage.touchedBy('Query.users.first', schema)).toEqual(['Users']);
    expect(usage.touchedBy('Query.users.archived', schema)).toEqual([]);
    expect(usage.touchedBy('Query.user.ref', schema)).toEqual(['One']);
    expect(usage.touchedBy('Node', schema)).toEqual(['One']);
  });

  test('an input type counts with every field, its nested inputs too, and an enum with every value', () => {
    expect(usage.touchedBy('UserFilter.legacy', schema)).toEqual(['Users']);
    expect(usage.touchedBy('NameFilter', schema)).toEqual(['Users']);
    expect(usage.touchedBy('NameFilter.prefix', schema)).toEqual(['Users']);
    expect(usage.touchedBy('Status.INVITED', schema)).toEqual(['Users']);
    expect(usage.touchedBy('String', schema)).toEqual(['One', 'Users']);
  });

  test('a new argument touches every call of its field; a deprecation path is its coordinate', () => {
    expect(usage.touchedBy('Query.users.status', schema)).toEqual([]);
    expect(usage.touchedBy('Query.users.status', schema, { argumentAdded: true })).toEqual(['Unknown', 'Users']);
    expect(usage.touchedBy('User.email.@deprecated', schema)).toEqual(['Users']);
    expect(usage.touchedBy('Mutation.archive', schema)).toEqual([]);
    expect(usage.touchedBy('Nothing', schema)).toEqual([]);
  });

  test('what the schema does not have is not marked', () => {
    expect(usage.types.has('notAField')).toBe(false);
    expect([...usage.fields.keys()].sort()).toEqual(['Group.title', 'Node.id', 'Query.user', 'Query.users', 'User.email', 'User.group', 'User.id']);
    expect([...usage.args.keys()].sort()).toEqual(['Query.user.ref', 'Query.users.filter', 'Query.users.first']);
  });
});

test.describe('deprecations and their replacements', () => {
  test('every deprecated field, argument, enum value and input field, by coordinate', () => {
    expect(deprecationsOf(schema)).toEqual([
      { coordinate: 'Query.legacyUsers', kind: 'field', reason: 'Use users.' },
      { coordinate: 'Query.users.archived', kind: 'argument', reason: 'Use status.' },
      { coordinate: 'Status.INVITED', kind: 'enum value', reason: 'Use ACTIVE.' },
      { coordinate: 'User.email', kind: 'field', reason: 'Use emailAddress.' },
      { coordinate: 'User.name', kind: 'field', reason: 'No longer kept.' },
      { coordinate: 'UserFilter.legacy', kind: 'input field', reason: 'Use status.' },
    ]);
  });

  test("the replacement is a name in the reason that the live schema has, other than the deprecated one's", () => {
    const of = (coordinate: string, reason: string) => alternativeIn({ coordinate, kind: 'field', reason }, schema);
    expect(of('User.email', 'Use emailAddress.')).toBe('emailAddress');
    expect(of('User.email', 'Use User.emailAddress instead.')).toBe('User.emailAddress');
    expect(of('User.email', 'email is going; see emailAddress')).toBe('emailAddress');
    expect(of('User.name', 'No longer kept.')).toBeUndefined();
    expect(of('Query.users.archived', 'Use status.')).toBe('status');
    expect(of('Query.users.archived', 'Use first.')).toBe('first');
    expect(of('Query.users.archived', 'Use archived.')).toBeUndefined();
    expect(of('Status.INVITED', 'Use ACTIVE.')).toBe('ACTIVE');
    expect(of('UserFilter.legacy', 'Use nested.')).toBe('nested');
    expect(of('Query.legacyUsers', 'Use user.')).toBe('user');
    expect(of('User.email', 'Use archive.')).toBe('archive');
    expect(of('User.email', 'See Group.')).toBe('Group');
    expect(of('Nothing.here', 'Use Group.')).toBe('Group');
    expect(of('Node.id', 'Use title.')).toBeUndefined();
  });
});

test.describe('the deprecation radar', () => {
  const noDeprecations = buildSchema(SDL.replace(/ @deprecated\(reason: "[^"]*"\)/g, ''));
  const today = '2026-12-02';
  const radar = (snapshot = noDeprecations, log = TargetFile.inMemory<FirstSeen>(), strict = false) =>
    deprecationRadar(snapshot, schema, usage, log, 'acme', { strict, today });

  test('new deprecations: used by us fails; without a replacement fails; otherwise warns', () => {
    const items = radar();
    expect(row(items, 'User.email')).toEqual({
      coordinate: 'User.email',
      kind: 'field',
      reason: 'Use emailAddress.',
      verdict: 'fail',
      usedBy: ['Users'],
      since: today,
      isNew: true,
      alternative: 'emailAddress',
      note: 'newly deprecated and used by Users; replacement: emailAddress',
      notify: true,
      // First seen today: what the run keeps in deprecations.json once it completes.
      recorded: { firstSeen: today, reason: 'Use emailAddress.' },
    });
    expect(row(items, 'User.name')).toMatchObject({
      verdict: 'fail',
      note: "new deprecation that names no alternative present in the live schema (Pluvo's docs promise one)",
      notify: false,
    });
    expect(row(items, 'Query.legacyUsers')).toMatchObject({ verdict: 'warn', note: 'newly deprecated, not used by us; replacement: users', isNew: true });
    expect(items.map((item) => [item.verdict, item.coordinate])).toEqual([
      ['fail', 'Status.INVITED'],
      ['fail', 'User.email'],
      ['fail', 'User.name'],
      ['fail', 'UserFilter.legacy'],
      ['warn', 'Query.legacyUsers'],
      ['warn', 'Query.users.archived'],
    ]);
  });

  test('accepted deprecations: still used warns (fails when strict), unused is information, with the date first seen', () => {
    const log = TargetFile.inMemory<FirstSeen>({ acme: { 'User.email': { firstSeen: '2026-01-01', reason: 'Use emailAddress.' } } });
    const items = radar(schema, log);
    expect(row(items, 'User.email')).toMatchObject({
      verdict: 'warn',
      since: '2026-01-01',
      isNew: false,
      note: 'deprecated since 2026-01-01 and still used by Users; replacement: emailAddress',
      notify: true,
    });
    expect(row(items, 'Query.legacyUsers')).toMatchObject({ verdict: 'info', since: today, note: 'not used by us; replacement: users', notify: false });
    expect(row(items, 'User.name')).toMatchObject({ verdict: 'warn', note: 'names no alternative in the live schema' });
    expect(row(radar(schema, log, true), 'User.email')).toMatchObject({
      verdict: 'fail',
      note: 'deprecated since 2026-01-01 and still used by Users; replacement: emailAddress (strict)',
    });
  });

  test('a changed reason: without a replacement fails, with one warns; the log keeps the first date and the new reason', () => {
    const before = buildSchema(SDL.replace('Use users.', 'Going.').replace('No longer kept.', 'Use emailAddress.'));
    const log = TargetFile.inMemory<FirstSeen>({ acme: { 'Query.legacyUsers': { firstSeen: '2026-01-01', reason: 'Going.' } } });
    const items = radar(before, log);
    expect(row(items, 'Query.legacyUsers')).toMatchObject({ verdict: 'warn', note: 'reason changed, not used by us; replacement: users', since: '2026-01-01' });
    expect(row(items, 'User.name')).toMatchObject({
      verdict: 'fail',
      note: "reason changed that names no alternative present in the live schema (Pluvo's docs promise one)",
    });
    expect(log.get('acme', 'Query.legacyUsers')).toEqual({ firstSeen: '2026-01-01', reason: 'Use users.' });
    expect(log.get('acme', 'User.name')).toEqual({ firstSeen: today, reason: 'No longer kept.' });
  });

  test('a deprecation that is gone warns, with the date it was first seen or "unknown"', () => {
    const extra = buildSchema(SDL.replace('title: String', 'title: String @deprecated(reason: "Use name.")'));
    const log = TargetFile.inMemory<FirstSeen>({ acme: { 'User.email': { firstSeen: '2026-01-01', reason: 'Use emailAddress.' } } });
    const gone = deprecationRadar(extra, schema, usage, log, 'acme', { strict: false, today });
    expect(row(gone, 'Group.title')).toEqual({
      coordinate: 'Group.title',
      kind: 'field',
      reason: 'Use name.',
      verdict: 'warn',
      usedBy: ['Users'],
      since: 'unknown',
      isNew: false,
      alternative: undefined,
      note: 'was deprecated (since unknown) and is no longer deprecated or no longer exists; the drift check judges a removal',
      notify: true,
      gone: true,
    });
  });
});

test.describe('the drift and radar tables', () => {
  const drift: DriftItem = {
    verdict: 'fail',
    criticality: 'BREAKING',
    type: 'FIELD_REMOVED',
    path: 'User.email',
    message: "Field 'email' was removed | gone\nfor good",
    usedBy: ['Users', 'One'],
    note: '',
  };

  test('a drift table: one row per change, pipes and line breaks kept inside their cells', () => {
    expect(driftTable([drift, { ...drift, verdict: 'info', criticality: 'NON_BREAKING', usedBy: [], path: 'A|B' }], '# Drift')).toBe(
      "# Drift\n\n| verdict | criticality | path | used by | change |\n|---|---|---|---|---|\n| FAIL | BREAKING | `User.email` | Users, One | Field 'email' was removed \\| gone for good |\n| info | NON_BREAKING | `A\\|B` | - | Field 'email' was removed \\| gone for good |\n",
    );
    expect(driftTable([], '# Drift')).toBe('# Drift\n\nNo changes between the snapshot and the live schema.\n');
  });

  test('a radar table: since, new, used by and the note', () => {
    const item = row(
      deprecationRadar(buildSchema(SDL.replace(/ @deprecated\(reason: "[^"]*"\)/g, '')), schema, usage, TargetFile.inMemory(), 'acme', {
        strict: false,
        today: '2026-12-02',
      }),
      'User.email',
    )!;
    expect(radarTable([item, { ...item, verdict: 'warn', isNew: false, usedBy: [], reason: 'a | b' }], '# Radar')).toBe(
      '# Radar\n\n| verdict | deprecated | kind | reason | since | used by | note |\n|---|---|---|---|---|---|---|\n' +
        '| FAIL | `User.email` | field | Use emailAddress. | 2026-12-02 (new) | Users | newly deprecated and used by Users; replacement: emailAddress |\n' +
        '| warn | `User.email` | field | a \\| b | 2026-12-02 | - | newly deprecated and used by Users; replacement: emailAddress |\n',
    );
    expect(radarTable([], '# Radar')).toBe('# Radar\n\nNothing is deprecated in the live schema.\n');
  });

  test('the console line counts each verdict', () => {
    expect(
      countLine('schema drift', [{ verdict: 'fail' }, { verdict: 'warn' }, { verdict: 'warn' }, { verdict: 'info' }, { verdict: 'info' }, { verdict: 'info' }]),
    ).toBe('schema drift: 6 items, 1 failing, 2 warnings, 3 info');
  });
});

function row(items: RadarItem[], coordinate: string) {
  return items.find((item) => item.coordinate === coordinate);
}
