import { test, expect } from '../contract/base-test';
import { responseSchemaPath, SANDBOX_ORG } from '../../src/knowledge/layout';
import { readFileSync } from 'node:fs';
import { loadContracts } from '../../src/contracts/manifest';
import { ResponseValidator } from '../../src/shapes/response-validator';
import { SandboxHttp } from '../support/sandbox-http';

/** The stored UsersPage schema against the sandbox's real response, and that response mutated. */
test.describe('generated response schemas on real responses', () => {
  const operation = loadContracts(SANDBOX_ORG.contractsDir).find((op) => op.name === 'UsersPage')!;
  const { $comment: _c, ...schema } = JSON.parse(readFileSync(responseSchemaPath(SANDBOX_ORG, operation), 'utf8')) as Record<string, unknown>;
  let real: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  test.beforeAll(async () => {
    const sandbox = await SandboxHttp.start();
    try {
      real = await sandbox.data(operation.source.body, { first: 50 });
    } finally {
      await sandbox.close();
    }
  });

  const violations = (data: unknown) => new ResponseValidator().violations('UsersPage', schema, data);
  const mutated = (change: (data: any) => void) => {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const copy = structuredClone(real);
    change(copy);
    return violations(copy);
  };

  test('the real response matches', () => {
    expect(real.paginatedUsers.edges).toHaveLength(50);
    expect(violations(real)).toEqual([]);
  });

  const mutations: Array<[string, (data: any) => void, string]> = [
    // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a field removed', (d) => delete d.paginatedUsers.edges[4].node.email, '/paginatedUsers/edges/4/node: missing property "email"'],
    [
      'count as a string',
      (d) => (d.paginatedUsers.count = String(d.paginatedUsers.count)),
      '/paginatedUsers/count: must be integer or null (got a string of 3 characters)',
    ],
    ['a null in a non-null field', (d) => (d.paginatedUsers.edges[0].node.name = null), '/paginatedUsers/edges/0/node/name: must be string (got null)'],
    [
      'a malformed email',
      (d) => (d.paginatedUsers.edges[1].node.email = 'someone at example.com'),
      '/paginatedUsers/edges/1/node/email: must match format "email" (got a string of 22 characters)',
    ],
    [
      'a malformed uuid',
      (d) => (d.paginatedUsers.edges[2].node.id = 'user-3'),
      '/paginatedUsers/edges/2/node/id: must match format "uuid" (got a string of 6 characters)',
    ],
    [
      'an unknown extra property',
      (d) => (d.paginatedUsers.edges[3].node.legacyId = 7),
      '/paginatedUsers/edges/3/node: unexpected property "legacyId" (not selected by the operation)',
    ],
    [
      'an enum value outside the schema',
      (d) => (d.paginatedUsers.edges[5].node.language = 'FR'),
      '/paginatedUsers/edges/5/node/language: must be one of "DE", "EN", "NL" (got a string of 2 characters)',
    ],
    [
      'a count past the 32-bit range of a GraphQL Int',
      (d) => (d.paginatedUsers.count = 2_147_483_648),
      '/paginatedUsers/count: must be a GraphQL Int, a signed 32-bit integer from -2147483648 to 2147483647 (got an integer outside that range)',
    ],
    [
      'extraFields that are not JSON',
      (d) => (d.paginatedUsers.edges[6].node.extraFields = '{broken'),
      '/paginatedUsers/edges/6/node/extraFields: must match format "json-string" (got a string of 7 characters)',
    ],
  ];
  for (const [name, change, line] of mutations) {
    test(`rejects ${name}`, () => {
      expect(mutated(change)).toEqual([line]);
    });
  }
});
