import { test, expect } from '../contract/base-test';
import { TargetFile } from '../../src/knowledge/target-file';
import { createCheckContext } from '../../src/checks/check-context';
import { openCheckFiles } from '../../src/checks/check-files';
import { catalogue } from '../../src/checks/catalogue';
import { AREAS } from '../../src/config/areas';
import { DEFAULT_POLICY } from '../../src/config/policy';
import { SANDBOX_DEMO_CLIENT, SANDBOX_EXPIRING_CLIENT } from '../../src/config/sandbox-clients';
import { loadConfig } from '../../src/config/load-config';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { DEMO_CLIENT, EXPIRING_CLIENT } from '../../sandbox/demo-clients';
import { FIXTURE_CHECKS as CONTRACT_CHECKS } from '../support/run-checks';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { connection, ROOT, runOneCheck } from '../support/check-harness';
import { FakeTransport } from '../support/fake-transport';
import { loadContracts } from '../../src/contracts/manifest';

/** What every check stands on: the catalogue, the run's shared context, the files it reads, pins and scopes. */

test.describe('the catalogue', () => {
  test('every check once, grouped by area in report order: auth, transport, paging, shape, schema', () => {
    const ids = CONTRACT_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    const areas = CONTRACT_CHECKS.map((check) => check.area);
    expect([...new Set(areas)]).toEqual(['auth', 'transport', 'paging', 'shape', 'schema']);
    expect(CONTRACT_CHECKS.filter((check) => check.area === 'schema').map((check) => check.id)).toEqual(['schema.drift', 'schema.deprecations']);
    // Every area has its alert threshold without anyone writing it down.
    for (const area of AREAS) expect(DEFAULT_POLICY.afterRuns[area]).toBe(1);
    expect(CONTRACT_CHECKS.filter((check) => check.pinsBaseline).map((check) => check.id)).toEqual(
      expect.arrayContaining(['auth.scope-enforced', 'paging.over-limit.paginatedUsers']),
    );
  });

  test('two checks for each operation of ours: the catalogue follows the operations it is given', () => {
    const one = catalogue([{ ...loadContractsOnce()[0]!, name: 'Mine' }]).filter((check) => check.area === 'shape');
    expect(one.map((check) => check.id)).toEqual(['shape.valid.Mine', 'shape.response.Mine']);
    expect(() => catalogue([loadContractsOnce()[0]!, loadContractsOnce()[0]!])).toThrow(/two checks have the id shape\.valid\.UsersPage/);
  });

  test("the configuration's copy of the sandbox's public demo clients is the sandbox's own", () => {
    expect(SANDBOX_DEMO_CLIENT).toEqual({ clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret });
    expect(SANDBOX_EXPIRING_CLIENT).toEqual({
      clientId: EXPIRING_CLIENT.clientId,
      clientSecret: EXPIRING_CLIENT.clientSecret,
      tokenTtlSeconds: EXPIRING_CLIENT.tokenTtlSeconds,
    });
  });
});

const loadContractsOnce = () => loadContracts(SANDBOX_ORG.contractsDir);

test.describe("a run's shared context", () => {
  const config = loadConfig({ PLUVO_BASE_URL: ROOT, PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef' });
  const context = () =>
    createCheckContext(config, createPluvoClients(config, new FakeTransport(() => ({}))), SANDBOX_ORG, {
      files: { baseline: TargetFile.inMemory(), deprecations: TargetFile.inMemory() },
    });

  test('once: one run per key, its result shared', async () => {
    const shared = context();
    let runs = 0;
    const work = async () => ++runs;
    expect(await Promise.all([shared.once('a', work), shared.once('a', work), shared.once('b', work)])).toEqual([1, 1, 2]);
    expect(runs).toBe(2);
  });

  test('defaults: the real clock and sleep, not pinning, the snapshot loaded once', async () => {
    const shared = context();
    expect(shared.pinning).toBe(false);
    expect(Math.abs(shared.now() - Date.now())).toBeLessThan(60_000);
    await shared.sleep(1);
    expect(shared.snapshot()).toBe(shared.snapshot());
    const pinning = createCheckContext(config, shared.clients, SANDBOX_ORG, {
      files: { baseline: shared.baseline, deprecations: shared.deprecations },
      pinning: true,
    });
    expect(pinning.pinning).toBe(true);
  });
});

test.describe('the files a run reads', () => {
  test('a real target reads and keeps the committed files; the sandbox reads its entries into memory', () => {
    const real = openCheckFiles(loadConfig({ PLUVO_BASE_URL: ROOT, PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef' }), SANDBOX_ORG);
    const sandbox = openCheckFiles(loadConfig({}), SANDBOX_ORG);
    expect(sandbox.baseline.entries('sandbox')).toEqual(real.baseline.entries('sandbox'));
    expect(Object.keys(sandbox.baseline.entries('sandbox')).length).toBeGreaterThan(0);
    expect(sandbox.deprecations.entries('sandbox')).toEqual(real.deprecations.entries('sandbox'));
    expect(sandbox.baseline.entries('https://other.pluvo.com')).toEqual({});
    // Pinning on the sandbox's in-memory copy changes nothing on disk.
    sandbox.baseline.pin('sandbox', 'unit-test-key', 'x');
    expect(openCheckFiles(loadConfig({}), SANDBOX_ORG).baseline.get('sandbox', 'unit-test-key')).toBeUndefined();
  });
});

test.describe('behaviour the docs leave open, pinned', () => {
  const clamp = connection('paginatedUsers', 137, () => ({
    count: 137,
    pageInfo: { hasNextPage: true, endCursor: 'c50' },
    edges: Array.from({ length: 50 }, (_, i) => ({ cursor: `c${i + 1}`, node: { id: `n${i + 1}` } })),
  }));

  test('first seen: pinned, and said so', async () => {
    const { failures, infos } = await runOneCheck('paging.over-limit.paginatedUsers', clamp, { pinned: {} });
    expect(failures).toEqual([]);
    expect(infos).toEqual([`first: 51: observed a silent cap of 50, to be pinned in ${SANDBOX_ORG.baselinePath}; review and commit that file.`]);
  });

  test('in CI, with nothing pinned for a real target: not onboarded', async () => {
    const { failures, trouble } = await runOneCheck('paging.over-limit.paginatedUsers', clamp, { pinned: {}, env: { CI: '1' } });
    expect(failures).toEqual([
      `Not onboarded: first: 51 gives a silent cap of 50 on ${ROOT}, but nothing is pinned for this target in ${SANDBOX_ORG.baselinePath}, and CI keeps nothing it would pin. Run \`npm run onboard\` with its credentials and commit the files it names.`,
    ]);
    expect(trouble).toBe('config');
  });
});

test.describe('paging checks and their scope', () => {
  test("without the connection's scope the check is skipped, and says which; with it, the token asks for that scope alone", async () => {
    const { skipped, requests } = await runOneCheck('paging.cursor-walk.paginatedUsers', {}, { env: { PLUVO_SCOPES: 'trainings.read' } });
    expect(skipped).toBe('paginatedUsers needs users.read, which PLUVO_SCOPES does not ask for.');
    expect(requests).toEqual([]);
    // Scopes from the targets file: the reason names the entry, not a variable nobody set.
    const fromFile = await runOneCheck(
      'paging.cursor-walk.paginatedUsers',
      {},
      { env: { PLUVO_SCOPES: 'trainings.read' }, scopesSetIn: '"scopes" of targets.json targets[0] (acme)' },
    );
    expect(fromFile.skipped).toBe('paginatedUsers needs users.read, which "scopes" of targets.json targets[0] (acme) does not ask for.');
    const ran = await runOneCheck('paging.cursor-walk.paginatedUsers', connection('paginatedUsers', 10));
    expect(ran.requests.filter((r) => r.url.endsWith('/oauth/token/')).map((r) => new URLSearchParams(r.body).get('scope'))).toEqual(['users.read']);
  });

  test("a paging check's id, area, title and docs", () => {
    const check = CONTRACT_CHECKS.find((candidate) => candidate.id === 'paging.offset.paginatedGroups')!;
    expect([check.area, check.title, check.docs]).toEqual([
      'paging',
      'paginatedGroups: offset paging agrees with the cursor walk and ends where count says',
      'https://www.pluvo.com/nl/developers/pagination',
    ]);
  });
});
