import { test, expect } from '../contract/base-test';
import { responseSchemaPath, SANDBOX_ORG } from '../../src/knowledge/layout';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadContracts, pickPath } from '../../src/contracts/manifest';
import { loadSnapshot } from '../../src/schema/snapshot';
import { renderResponseSchemaFile } from '../../src/shapes/response-schema-file';
import { scratchDir } from '../support/scratch';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function contractsDir(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(scratchDir(), 'contracts-'));
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

test.describe('operations and their manifest', () => {
  test("the self-test's stored response schemas are what schemas:generate writes from its snapshot today", () => {
    const schema = loadSnapshot(SANDBOX_ORG.snapshotPath);
    for (const operation of loadContracts(SANDBOX_ORG.contractsDir)) {
      const path = responseSchemaPath(SANDBOX_ORG, operation);
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run schemas:generate -- --self-test`).toBe(
        renderResponseSchemaFile(schema, operation, SANDBOX_ORG.snapshotPath),
      );
    }
  });

  test('bad manifests and operations get one line naming the file', () => {
    const op = { name: 'A', document: 'A.graphql', scopes: ['users.read'] };
    // Where an editor puts the cursor: file:line:column, never "at position 636".
    expect(configError(() => loadContracts(contractsDir('{\n  "operations": [\n    { "name" "A" }\n  ]\n}')))).toMatch(
      /manifest\.json:3:14: is not JSON: Expected ':' after property name in JSON\. Fix the file; the README shows its shape$/,
    );
    expect(configError(() => loadContracts(contractsDir({ operations: [{ ...op, document: 'missing.graphql' }] })))).toMatch(
      /missing\.graphql: cannot be read \(ENOENT\)\. Create it, or fix "document" of A/,
    );
    expect(configError(() => loadContracts(contractsDir({ operations: [op] }, { 'A.graphql': 'query A { x ' })))).toMatch(
      /A\.graphql:1:13: is not a valid GraphQL document: Expected Name, found <EOF>\. Fix the syntax there/,
    );
    expect(configError(() => loadContracts(contractsDir({ operations: [op] }, { 'A.graphql': 'query B { x }' })))).toMatch(
      /A\.graphql: has no operation named A/,
    );
    expect(configError(() => loadContracts(contractsDir({ operations: [{ ...op, scopes: 'users.read' }] })))).toMatch(
      /manifest\.json operations\[0\]\.scopes: must be array\. Fix the entry; json-schemas\/manifest\.schema\.json says what each key holds/,
    );
  });

  test('the manifest is held to its published schema: a misspelt key is one line with the key that was meant, never ignored', () => {
    const op = { name: 'A', document: 'A.graphql', scopes: ['users.read'] };
    const files = {
      'A.graphql': 'query A($first: Int) { paginatedUsers(first: $first) { count } }',
      'B.graphql': 'query B($ref: String!) { user(ref: $ref) { id } }',
    };
    const problem = (manifest: object) => configError(() => loadContracts(contractsDir(manifest, files)));
    expect(problem({ operations: [{ ...op, varibles: { first: 5 } }] })).toMatch(
      /manifest\.json operations\[0\]: has an unknown key "varibles" \(did you mean "variables"\?\); the keys are name, document, scopes, variables, schema, assert, degradedMs, tooSlowMs\./,
    );
    expect(problem({ operations: [op], extra: true })).toMatch(/manifest\.json: has an unknown key "extra"/);
    expect(problem({ operations: [op, { name: 'B', document: 'B.graphql', scopes: [], variables: { ref: { $from: 'a', $path: 'x' } } }] })).toMatch(
      /manifest\.json operations\[1\]\.variables\.ref: takes its value from "a", which is not an operation of the manifest\. Did you mean "A"\?/,
    );
    expect(problem({ operations: [op, { name: 'B', document: 'B.graphql', scopes: [], variables: { ref: { $from: 'A', $pth: 'x' } } }] })).toMatch(
      /operations\[1\]\.variables\.ref: has an unknown key "\$pth"|operations\[1\]\.variables\.ref: has no "\$path"/,
    );
    expect(problem({ operations: [{ ...op, assert: ['paginatedUsers.count => 1'] }] })).toMatch(
      /operations\[0\]\.assert\[0\]: "paginatedUsers\.count => 1" is not `<path> <op> <value>`/,
    );
    expect(problem({ operations: [{ ...op, assert: ['paginatedUsers.count >= lots'] }] })).toMatch(/compares with lots, which is not a JSON value/);
    expect(problem({ operations: [{ ...op, degradedMs: 500, tooSlowMs: 400 }] })).toMatch(
      /operations\[0\]\.tooSlowMs: \(400 ms\) is not above degradedMs \(500 ms\)/,
    );
    const [withBoth] = loadContracts(contractsDir({ operations: [{ ...op, assert: ['paginatedUsers.count >= 1'], degradedMs: 300, tooSlowMs: 900 }] }, files));
    expect([withBoth?.assertions.map((a) => a.text), withBoth?.latency]).toEqual([['paginatedUsers.count >= 1'], { degradedMs: 300, failedMs: 900 }]);
  });

  test('an operation invalid against the snapshot is one line with its position', () => {
    const dir = contractsDir(
      { operations: [{ name: 'A', document: 'A.graphql', scopes: [] }] },
      { 'A.graphql': 'query A {\n  paginatedUsers { edges { node { nope } } }\n}' },
    );
    const [operation] = loadContracts(dir);
    expect(configError(() => renderResponseSchemaFile(loadSnapshot(SANDBOX_ORG.snapshotPath), operation!, 'schemas/pluvo.graphql'))).toMatch(
      /A\.graphql:2:35: does not fit our stored snapshot schemas\/pluvo\.graphql: Cannot query field "nope" on type "User"\. Did you mean "name"\? Fix the operation \(ours, not Pluvo's\)/,
    );
  });

  test('an unreadable or invalid snapshot is one line that says how to fix it', () => {
    expect(configError(() => loadSnapshot('schemas/none.graphql'))).toBe(
      'schemas/none.graphql: cannot be read (ENOENT). Run `npm run schema:pull` to write it from the target',
    );
    const dir = mkdtempSync(join(scratchDir(), 'snapshot-'));
    writeFileSync(join(dir, 'bad.graphql'), 'type Query { a: Int a: Int }');
    expect(configError(() => loadSnapshot(join(dir, 'bad.graphql')))).toMatch(
      /bad\.graphql: is not a valid GraphQL schema \(Field "Query\.a" can only be defined once\.\)\. Restore it from git/,
    );
  });

  test("GitHub's real broken schema file is refused the same way", () => {
    const path = '../shared/data/github-schema/2025-02-27-invalid.graphql';
    test.skip(!existsSync(path), 'the shared data folder is not beside this checkout');
    expect(configError(() => loadSnapshot(path))).toMatch(/is not a valid GraphQL schema \(Field "EnterpriseOwnerInfo\.\w+" can only be defined once\.\)/);
  });

  test('derived variables: the first non-null value along a path with *', () => {
    const data = { paginatedUsers: { edges: [{ node: { ref: null } }, { node: { ref: 'emp-2' } }] } };
    expect(pickPath(data, 'paginatedUsers.edges.*.node.ref')).toBe('emp-2');
    expect(pickPath(data, 'paginatedUsers.nothing.*.ref')).toBeUndefined();
  });
});
