import { test, expect } from '../contract/base-test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { findAppOperations } from '../../src/contracts/app-operations';
import { coverageOf } from '../../src/drift/coverage';
import { SchemaUsage } from '../../src/drift/usage';
import { loadSnapshot } from '../../src/schema/snapshot';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { runOneCheck, serving, snapshotWith, USER_EMAIL } from '../support/check-harness';
import { scratchDir } from '../support/scratch';

/**
 * An application's repository beside ours: its operations in its own files, one of them spreading
 * a fragment another file defines, and one file outside the repository that runs the monitor.
 */
function applicationFolders(): { repository: string } {
  const root = mkdtempSync(join(scratchDir(), 'app-operations-'));
  const repository = join(root, 'monitor');
  mkdirSync(join(repository, 'src/queries'), { recursive: true });
  mkdirSync(join(root, 'sync-service/src/jobs'), { recursive: true });
  mkdirSync(join(repository, 'node_modules/some-lib'), { recursive: true });
  writeFileSync(join(repository, 'src/queries/fragments.graphql'), 'fragment UserBits on User {\n  id\n  email\n}\n');
  writeFileSync(
    join(repository, 'src/queries/users.graphql'),
    '# The users we sync\nquery UsersForSync($first: Int) {\n  paginatedUsers(first: $first) {\n    edges { node { ...UserBits } }\n  }\n}\n\nquery { paginatedTrainings(first: 1) { count } }\n',
  );
  writeFileSync(join(root, 'sync-service/src/jobs/trainings.graphql'), 'query TrainingsForSync {\n  paginatedTrainings(first: 5) { count }\n}\n');
  writeFileSync(join(repository, 'node_modules/some-lib/schema.graphql'), 'query NotOurs { x }\n');
  return { repository };
}

test.describe('the application\'s own operations (pluvo-monitor.json "operations")', () => {
  test('globs inside and outside the repository find every operation, named by file and line, with the fragments it spreads from any file', () => {
    const { repository } = applicationFolders();
    const found = findAppOperations(['src/**/*.graphql', '../sync-service/src/**/*.graphql'], repository);
    expect(found.map((operation) => operation.name)).toEqual([
      'UsersForSync (src/queries/users.graphql:2)',
      'an unnamed query (src/queries/users.graphql:8)',
      'TrainingsForSync (../sync-service/src/jobs/trainings.graphql:1)',
    ]);
    const users = found.find((operation) => operation.name.startsWith('UsersForSync'))!;
    expect(users.document.definitions.map((definition) => definition.kind)).toEqual(['OperationDefinition', 'FragmentDefinition']);
    // Its variables count as sent: the application gives them values we cannot see.
    expect(Object.keys(users.variables)).toEqual(['first']);
  });

  test('a file that is not GraphQL is one line with its file, line and column; nothing else is read', () => {
    const { repository } = applicationFolders();
    writeFileSync(join(repository, 'src/queries/broken.graphql'), 'query Broken {\n  paginatedUsers(first: 1) { count \n');
    let error: unknown;
    try {
      findAppOperations(['src/**/*.graphql'], repository);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'src/queries/broken.graphql:3:1: is not a valid GraphQL document: Expected Name, found <EOF>. Fix the file, or narrow the glob in pluvo-monitor.json operations',
    );
  });

  test('a schema change that breaks one of them: the drift names it with its file and line, and their check names where it no longer validates', async () => {
    const { repository } = applicationFolders();
    const appOperations = findAppOperations(['src/**/*.graphql', '../sync-service/src/**/*.graphql'], repository);
    // Live, User.email is gone: our own operations use it too, and so does the application's fragment.
    const live = snapshotWith((sdl) => sdl.replace(USER_EMAIL, (match) => match.replace(/\n {2}email: String!/, '')));
    const drift = await runOneCheck('schema.drift', serving(live), { appOperations });
    expect(drift.failures.join('\n')).toMatch(
      /Field 'email' was removed from object type 'User'.*used by [^\]]*UsersForSync \(src\/queries\/users\.graphql:2\)/,
    );
    const valid = await runOneCheck('shape.app-operations', serving(live), { appOperations });
    expect(valid.failures).toEqual([
      'src/queries/fragments.graphql:3:3 Cannot query field "email" on type "User". The application sends UsersForSync (src/queries/users.graphql:2); the live schema no longer accepts it.',
    ]);
    expect(valid.summary).toBe("the application's operations: 3 validated against the live schema, 1 no longer valid");
    const healthy = await runOneCheck('shape.app-operations', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)), { appOperations });
    expect(healthy.failures).toEqual([]);
  });

  test('coverage: what the operations use of the schema, deprecated use first, with who uses it', () => {
    const { repository } = applicationFolders();
    const appOperations = findAppOperations(['src/**/*.graphql'], repository);
    const live = snapshotWith((sdl) => sdl.replace(USER_EMAIL, '$1 @deprecated(reason: "Use emailAddress.")'));
    const coverage = coverageOf(live, SchemaUsage.of(live, appOperations));
    expect(coverage.used[0]).toEqual({ coordinate: 'User.email', usedBy: ['UsersForSync (src/queries/users.graphql:2)'], deprecated: 'Use emailAddress.' });
    expect(coverage.used.map((entry) => entry.coordinate)).toEqual(
      expect.arrayContaining(['Query.paginatedUsers', 'Query.paginatedUsers(first:)', 'User.id', 'TrainingConnection.count']),
    );
    expect(coverage.fields.used).toBeLessThan(coverage.fields.of);
    expect(coverage.arguments.used).toBe(2);
  });
});
