import { test, expect } from '../contract/base-test';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { buildSchema, printSchema } from 'graphql';
import { TargetFile } from '../../src/knowledge/target-file';
import type { FirstSeen } from '../../src/knowledge/deprecation-log';
import { loadSnapshot } from '../../src/schema/snapshot';
import { json } from '../support/fake-transport';
import { ROOT, runOneCheck, serving, snapshotWith, USER_EMAIL } from '../support/check-harness';

/** schema.deprecations and schema.drift on a live schema made by hand from the snapshot: each line, note and attachment. */

const emailDeprecated = () => snapshotWith((sdl) => sdl.replace(USER_EMAIL, '$1 @deprecated(reason: "Use emailAddress.")'));

test.describe('schema.deprecations', () => {
  test('a 10 MB description from the target: the drift says it in a few hundred characters, its findings and attachments stay small', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const live = snapshotWith((sdl) => sdl.replace(/^type User /m, `"${huge}"\ntype User `));
    const outcome = await runOneCheck('schema.drift', serving(live));
    const kept = JSON.stringify(outcome);
    expect(kept).toContain("Object type 'User' has description 'xxx");
    // What results.json and junit.xml hold of the check: its outcome and attachments, far under 5 MB.
    expect(kept.length).toBeLessThan(50_000);
    expect(Math.max(...[...outcome.failures, ...outcome.warnings, ...outcome.infos].map((message) => message.length))).toBeLessThanOrEqual(600);
  });

  test('the snapshot against itself: every deprecation it has is information or a warning, none fails', async () => {
    const { failures, summary, attachments } = await runOneCheck('schema.deprecations', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)));
    expect(failures).toEqual([]);
    expect(summary).toMatch(/^deprecation radar: \d+ items?, 0 failing, \d+ warnings?, \d+ info$/);
    expect(attachments['deprecations.md']?.startsWith('Deprecation radar\n\n| verdict | deprecated |')).toBe(true);
    expect(JSON.parse(attachments['deprecations.json'] ?? '[]').length).toBe(Number(/: (\d+) item/.exec(summary ?? '')?.[1]));
  });

  test('a new deprecation of a field our operations use fails, names them, and asks for a Slack notice', async () => {
    const { failures } = await runOneCheck('schema.deprecations', serving(emailDeprecated()));
    expect(failures).toEqual([
      expect.stringMatching(
        /^field User\.email is deprecated: "Use emailAddress\." \(newly deprecated and used by [A-Za-z, ]*UsersPage[A-Za-z, ]*; names no alternative in the live schema\)$/,
      ),
    ]);
  });

  test('in CI, a real target whose deprecation dates were never recorded is not onboarded', async () => {
    const inCI = { CI: 'true' };
    const { failures, trouble } = await runOneCheck('schema.deprecations', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)), { env: inCI });
    expect(failures).toEqual([
      `Not onboarded: tests/fixtures/sandbox-org/schemas/deprecations.json records no deprecation dates for ${ROOT}, and CI keeps nothing it would record. Run \`npm run onboard\` with its credentials and commit the files it names.`,
    ]);
    expect(trouble).toBe('config');
    const recorded = TargetFile.inMemory<FirstSeen>({ [ROOT]: { 'User.email': { firstSeen: '2026-01-01', reason: 'Use emailAddress.' } } });
    const onboarded = await runOneCheck('schema.deprecations', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)), { deprecations: recorded, env: inCI });
    expect([onboarded.failures, onboarded.trouble]).toEqual([[], undefined]);
  });

  test("the day on the check's clock is recorded for a deprecation seen for the first time", async () => {
    const log = TargetFile.inMemory<FirstSeen>();
    await runOneCheck('schema.deprecations', serving(emailDeprecated()), { deprecations: log });
    expect(log.get(ROOT, 'User.email')).toEqual({ firstSeen: '2026-06-01', reason: 'Use emailAddress.' });
  });

  test('the live schema cannot be read: one failure, nothing judged', async () => {
    for (const id of ['schema.deprecations', 'schema.drift']) {
      const { failures, attachments, summary } = await runOneCheck(id, { graphql: () => json(503, 'maintenance') });
      expect(failures, id).toEqual([expect.stringMatching(/^The live schema could not be introspected: /)]);
      expect([attachments, summary], id).toEqual([{}, undefined]);
    }
  });
});

test.describe('schema.drift', () => {
  test('each change is a finding at its verdict, with its criticality and note; the report has both tables', async () => {
    const withExtra = buildSchema(printSchema(loadSnapshot(SANDBOX_ORG.snapshotPath)).replace(/\ntype User \{/, '\ntype User {\n  nickname: String'));
    const { failures, infos, summary, attachments } = await runOneCheck('schema.drift', serving(withExtra));
    expect(failures).toEqual([]);
    expect(infos).toEqual(["Field 'nickname' was added to object type 'User' [non-breaking]"]);
    expect(summary).toBe('schema drift: 1 item, 0 failing, 0 warnings, 1 info. Accept intended changes with `npm run schema:pull` and commit.');
    expect(attachments['schema-drift.md']).toBe(
      "Schema drift: tests/fixtures/sandbox-org/schemas/pluvo.graphql against the live schema\n\n| verdict | criticality | path | used by | change |\n|---|---|---|---|---|\n| info | NON_BREAKING | `User.nickname` | - | Field 'nickname' was added to object type 'User' |\n",
    );
    expect(JSON.parse(attachments['schema-drift.json'] ?? '[]')).toEqual([
      expect.objectContaining({ verdict: 'info', criticality: 'NON_BREAKING', path: 'User.nickname', usedBy: [] }),
    ]);
  });

  test('only the last introspection exchange goes in the report', async () => {
    const { requests } = await runOneCheck('schema.drift', serving(loadSnapshot(SANDBOX_ORG.snapshotPath)));
    expect(requests.filter((r) => r.url.endsWith('/graphql/')).length).toBeGreaterThanOrEqual(1);
  });
});
