import { test, expect } from '../contract/base-test';
import { buildSchema, parse } from 'graphql';
import type { ContractOperation } from '../../src/contracts/manifest';
import { schemaChangeProposal } from '../../src/drift/schema-change';
import { SchemaUsage } from '../../src/drift/usage';
import type { FirstSeen } from '../../src/knowledge/deprecation-log';
import { TargetFile } from '../../src/knowledge/target-file';

/**
 * The schema-change pull request's title and body, from a snapshot and a drifted live schema
 * small enough to read: one breaking change two of our three operations touch, three dangerous
 * ones (two enum values, an argument), safe ones, and a new deprecation that names its replacement.
 */
const BEFORE = `
type Query { users(first: Int): [User!]! user(ref: String!): User trainings: [Training!]! }
type User { id: ID! name: String! email: String! ref: String! }
type Training { id: ID! title: String! kind: Kind! }
enum Kind { ONLINE CLASSROOM }
`;
const AFTER = `
type Query { users(first: Int, archived: Boolean = false): [User!]! user(ref: String!): User trainings: [Training!]! }
type User { id: ID! name: String! fullName: String! ref: String! avatar: String nickname: String @deprecated(reason: "Use fullName.") }
type Training { id: ID! title: String! kind: Kind! }
enum Kind { ONLINE CLASSROOM BLENDED HYBRID }
`;
const operation = (name: string, text: string) => ({ name, document: parse(text), variables: {} }) as unknown as ContractOperation;
const operations = [
  operation('UsersPage', 'query UsersPage { users(first: 3) { id name email } }'),
  operation('UserByRef', 'query UserByRef($ref: String!) { user(ref: $ref) { id email } }'),
  operation('TrainingsPage', 'query TrainingsPage { trainings { id title kind } }'),
];

test.describe('the schema-change pull request', () => {
  test('the title counts what matters; the body tables the changes with our operations, and the new deprecations with the day each was first seen', async () => {
    const before = buildSchema(BEFORE);
    const log = TargetFile.inMemory<FirstSeen>({ acme: { 'User.nickname': { firstSeen: '2026-11-30', reason: 'Use fullName.' } } });
    const proposal = await schemaChangeProposal({
      name: 'acme',
      before,
      after: buildSchema(AFTER),
      usage: SchemaUsage.of(before, operations),
      operationCount: operations.length,
      log,
      target: 'acme',
      today: '2026-12-02',
    });
    expect(proposal.changed).toBe(true);
    expect(proposal.title).toBe('Pluvo schema (acme): 1 breaking, affects 2 of our 3 operations; 3 dangerous; 3 safe; 1 new deprecation');
    expect(proposal.body).toContain('**Breaking for us:** UserByRef, UsersPage would break.');
    expect(proposal.body).toContain("| breaking | Field 'email' was removed from object type 'User' | `User.email` | UserByRef, UsersPage |");
    // Enum values added are dangerous: an exhaustive switch of ours would not know them.
    expect(proposal.body).toContain("| dangerous | Enum value 'BLENDED' was added to enum 'Kind' | `Kind.BLENDED` | TrainingsPage |");
    expect(proposal.body).toContain(
      "| dangerous | Argument 'archived: Boolean' (with default value) added to field 'Query.users' | `Query.users.archived` | UsersPage |",
    );
    expect(proposal.body).toContain("| safe | Field 'fullName' was added to object type 'User' | `User.fullName` | – |");
    expect(proposal.body).toContain('### New deprecations\n\n| | coordinate | reason | first seen | replacement | our operations |');
    expect(proposal.body).toContain('| warns | `User.nickname` | Use fullName. | 2026-11-30 | `fullName` | – |');
    const rows = proposal.body.split('\n').filter((line) => /^\| (breaking|dangerous|safe) \| [^`]/.test(line));
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(['| breaking', ...Array(3).fill('| dangerous'), ...Array(3).fill('| safe')]);
  });

  test('no change: nothing to propose', async () => {
    const before = buildSchema(BEFORE);
    const proposal = await schemaChangeProposal({
      name: 'acme',
      before,
      after: buildSchema(BEFORE),
      usage: SchemaUsage.of(before, operations),
      operationCount: 3,
      log: TargetFile.inMemory(),
      target: 'acme',
      today: '2026-12-02',
    });
    expect(proposal).toMatchObject({ changed: false, title: 'Pluvo schema (acme): 0 breaking; 0 dangerous; 0 safe' });
  });

  test('a deprecation of a field we use is one row at the level the monitor gives it; a description change affects nobody', async () => {
    const before = buildSchema(BEFORE);
    const after = BEFORE.replace('email: String!', '"The address." email: String! @deprecated(reason: "Use contact.") contact: String').replace(
      'type Training {',
      '"A course." type Training {',
    );
    const proposal = await schemaChangeProposal({
      name: 'acme',
      before,
      after: buildSchema(after),
      usage: SchemaUsage.of(before, operations),
      operationCount: 3,
      log: TargetFile.inMemory(),
      target: 'acme',
      today: '2026-12-02',
    });
    expect(proposal.title).toBe('Pluvo schema (acme): 0 breaking; 0 dangerous; 3 safe; 1 new deprecation (1 used by us)');
    expect(proposal.body).toContain('| fails the monitor | `User.email` | Use contact. | 2026-12-02 | `contact` | UserByRef, UsersPage |');
    const changes = proposal.body.split('\n').filter((line) => /^\| safe \| [^`]/.test(line));
    expect(changes.filter((line) => line.includes('User.email') && !line.includes('description'))).toEqual([]);
    // Words change; no operation sends or reads them.
    for (const line of changes.filter((row) => /description/i.test(row))) expect(line.endsWith('| – |'), line).toBe(true);
  });

  test("the body: what to fix first when the response schemas could not be regenerated; the target's mentions and markup inert; under GitHub's limit", async () => {
    const before = buildSchema(BEFORE);
    const loud = `"@acme/owners <img src=x onerror=alert(1)> ${'x'.repeat(200_000)}" type Training {`;
    const proposal = await schemaChangeProposal({
      name: 'acme',
      before,
      after: buildSchema(BEFORE.replace('type Training {', loud)),
      usage: SchemaUsage.of(before, operations),
      operationCount: 3,
      log: TargetFile.inMemory(),
      target: 'acme',
      today: '2026-12-02',
      ungenerated: true,
    });
    expect(proposal.body.startsWith('**The response schemas were not regenerated:**')).toBe(true);
    expect(proposal.body).not.toMatch(/@acme|<img/);
    expect(proposal.body.length).toBeLessThan(65_536);
    expect(proposal.body).toMatch(/…cut here: the body was \d+ characters, over GitHub's limit/);
  });
});
