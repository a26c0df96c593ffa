import { test, expect } from '../contract/base-test';
import { scaledCounts, SEED_COUNTS } from '../../sandbox/data/seed';
import { SandboxHttp } from '../support/sandbox-http';

const USERS_PAGE =
  'query($first: Int, $after: String, $offset: Int, $archived: Boolean, $q: String) { paginatedUsers(first: $first, after: $after, offset: $offset, archived: $archived, q: $q) { count pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id email archived isActive } } } }';

test.describe('sandbox: data and paging', () => {
  let sandbox: SandboxHttp;
  test.beforeAll(async () => (sandbox = await SandboxHttp.start()));
  test.afterAll(async () => sandbox.close());

  test('serves every documented read query with seeded data', async () => {
    const data = await sandbox.data(`{
      paginatedUsers(first: 1) { count edges { node { id ref name email isActive roles language extraFields extraCategoryValues { __typename ... on ExtraCategoryChoiceValue { choiceValue { stringValue } } } } } }
      paginatedTrainings(first: 1) { count edges { node { id title participants(first: 5) { count edges { node { id } } } } } }
      paginatedGroups(first: 1) { count edges { node { id name users(first: 5) { count } managers { count } } } }
      offers { id title offerEvents { id type dates { startDate endDate } enrolledCount spotsAvailable } }
      enrollments { id status user { id } offerEvent { id } }
      certificates(first: 1) { count }
      portfolioReport(first: 1) { count edges { node { title progress user { id } timeSpent { days seconds } } } }
      extraCategories { id title categoryType choiceOptions { stringValue } }
    }`);
    expect(data.paginatedUsers.count).toBe(137);
    expect(data.paginatedTrainings.count).toBe(SEED_COUNTS.trainings);
    expect(data.paginatedTrainings.edges[0].node.participants.count).toBeGreaterThan(0);
    expect(data.paginatedGroups.count).toBe(SEED_COUNTS.groups);
    expect(data.offers.length).toBe(SEED_COUNTS.offers - 1); // the archived offer is not active
    expect(data.offers.flatMap((o: { offerEvents: unknown[] }) => o.offerEvents).length).toBeGreaterThan(SEED_COUNTS.offers);
    expect(data.enrollments.length).toBeGreaterThan(10);
    expect(data.certificates.count).toBe(SEED_COUNTS.certificates);
    expect(data.portfolioReport.count).toBe(SEED_COUNTS.portfolioReport);
    expect(data.extraCategories).toHaveLength(SEED_COUNTS.extraCategories);
    expect(data.paginatedUsers.edges[0].node.extraCategoryValues[0].__typename).toBe('ExtraCategoryChoiceValue');
  });

  test('single lookups by id and ref; no match gives null', async () => {
    const { paginatedUsers, paginatedTrainings, paginatedGroups, offers } = await sandbox.data(
      '{ paginatedUsers(first: 1) { edges { node { id ref email } } } paginatedTrainings(first: 1) { edges { node { id ref } } } paginatedGroups(first: 1) { edges { node { id ref } } } offers { id ref } }',
    );
    const user = paginatedUsers.edges[0].node;
    const data = await sandbox.data(
      'query($id: UUID, $ref: String, $t: UUID, $g: String, $o: String) { byId: user(id: $id) { ref } byRef: user(ref: $ref) { id } none: user(ref: "nobody") { id } training(id: $t) { ref } group(ref: $g) { id } offer(ref: $o) { id } }',
      { id: user.id, ref: user.ref, t: paginatedTrainings.edges[0].node.id, g: paginatedGroups.edges[0].node.ref, o: offers[0].ref },
    );
    expect(data).toEqual({
      byId: { ref: user.ref },
      byRef: { id: user.id },
      none: null,
      training: { ref: paginatedTrainings.edges[0].node.ref },
      group: { id: paginatedGroups.edges[0].node.id },
      offer: { id: offers[0].id },
    });
  });

  test('first over 50 is a graphene-style error with a null field and HTTP 200', async () => {
    const reply = await sandbox.graphql(USERS_PAGE, await sandbox.token(), { first: 51 });
    expect(reply.status).toBe(200);
    expect(reply.json.data.paginatedUsers).toBeNull();
    expect(reply.json.errors[0].message).toBe('Requesting 51 records on the `paginatedUsers` connection exceeds the `first` limit of 50 records.');
  });

  test('--over-limit clamp cuts first over 50 to 50 silently', async () => {
    const clamping = await SandboxHttp.start({ overLimit: 'clamp' });
    try {
      expect((await clamping.data(USERS_PAGE, { first: 51 })).paginatedUsers.edges).toHaveLength(50);
    } finally {
      await clamping.close();
    }
  });

  test('no first gives a full page of 50; cursors are opaque and continue where the page ended', async () => {
    const first = (await sandbox.data(USERS_PAGE, {})).paginatedUsers;
    expect(first.edges).toHaveLength(50);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.endCursor).not.toMatch(/^\d+$/);
    const second = (await sandbox.data(USERS_PAGE, { first: 50, after: first.pageInfo.endCursor })).paginatedUsers;
    const third = (await sandbox.data(USERS_PAGE, { first: 50, after: second.pageInfo.endCursor })).paginatedUsers;
    expect(third.edges).toHaveLength(37);
    expect(third.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.edges, ...second.edges, ...third.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(137);
  });

  test('offset skips like the cursor walk does', async () => {
    const cursorSecond = (await sandbox.data(USERS_PAGE, { first: 50 })).paginatedUsers;
    const viaCursor = (await sandbox.data(USERS_PAGE, { first: 10, after: cursorSecond.pageInfo.endCursor })).paginatedUsers.edges;
    const viaOffset = (await sandbox.data(USERS_PAGE, { first: 10, offset: 50 })).paginatedUsers.edges;
    expect(viaOffset.map((e: { node: { id: string } }) => e.node.id)).toEqual(viaCursor.map((e: { node: { id: string } }) => e.node.id));
  });

  test('filters: archived and q; no match is an empty connection', async () => {
    const archived = (await sandbox.data(USERS_PAGE, { archived: true })).paginatedUsers;
    const active = (await sandbox.data(USERS_PAGE, { archived: false })).paginatedUsers;
    expect(archived.count).toBeGreaterThan(0);
    expect(archived.count + active.count).toBe(137);
    expect(archived.edges.every((e: { node: { archived: boolean; isActive: boolean } }) => e.node.archived && !e.node.isActive)).toBe(true);
    const none = (await sandbox.data(USERS_PAGE, { q: 'no-such-person-zz' })).paginatedUsers;
    expect(none).toEqual({ count: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] });
  });

  test('certificates page backwards with last/before and have no offset argument', async () => {
    const data = await sandbox.data('{ certificates(last: 5) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }');
    expect(data.certificates.edges).toHaveLength(5);
    expect(data.certificates.pageInfo.hasPreviousPage).toBe(true);
    const before = await sandbox.data('query($b: String) { certificates(last: 2, before: $b) { edges { node { id } } } }', {
      b: data.certificates.pageInfo.startCursor,
    });
    expect(before.certificates.edges).toHaveLength(2);
    const reply = await sandbox.graphql('{ certificates(offset: 5) { count } }', await sandbox.token());
    expect(reply.status).toBe(400);
  });
});

test.describe('sandbox: user mutations', () => {
  let sandbox: SandboxHttp;
  test.beforeAll(async () => (sandbox = await SandboxHttp.start()));
  test.afterAll(async () => sandbox.close());
  const CREATE = 'mutation($user: CreateUserInput!) { createUser(user: $user) { user { id ref email name isActive } } }';

  test('need users.write', async () => {
    const reply = await sandbox.graphql(CREATE, await sandbox.token('users.read'), { user: { name: 'A', email: 'a@example.com' } });
    expect(reply.status).toBe(403);
  });

  test('createUser adds a user that paging then sees; a second with the same email fails', async () => {
    const scope = 'users.read users.write';
    const created = await sandbox.data(CREATE, { user: { name: 'New Person', email: 'new.person@example.com', ref: 'emp-new' } }, scope);
    expect(created.createUser.user).toMatchObject({ ref: 'emp-new', email: 'new.person@example.com', isActive: true });
    expect((await sandbox.data('{ paginatedUsers { count } }', undefined, scope)).paginatedUsers.count).toBe(138);
    const duplicate = await sandbox.graphql(CREATE, await sandbox.token(scope), { user: { name: 'Again', email: 'new.person@example.com' } });
    expect(duplicate.json.errors[0].message).toContain('already exists');
  });

  test('updateUser and updateOrCreateUser work by ref, with the created flag', async () => {
    const scope = 'users.read users.write';
    const updated = await sandbox.data('mutation { updateUser(ref: "emp-00001", user: { name: "Renamed" }) { user { ref name } } }', undefined, scope);
    expect(updated.updateUser.user).toEqual({ ref: 'emp-00001', name: 'Renamed' });
    const upsert = 'mutation($ref: String, $user: UpdateUserInput!) { updateOrCreateUser(ref: $ref, user: $user) { created user { ref archived isActive } } }';
    const archived = await sandbox.data(upsert, { ref: 'emp-00002', user: { archived: true } }, scope);
    expect(archived.updateOrCreateUser).toEqual({ created: false, user: { ref: 'emp-00002', archived: true, isActive: false } });
    const created = await sandbox.data(upsert, { ref: 'emp-brand-new', user: { name: 'Brand New', email: 'brand.new@example.com' } }, scope);
    expect(created.updateOrCreateUser.created).toBe(true);
  });
});

test.describe('sandbox: determinism and scale', () => {
  test('two starts with one seed serve identical pages; another seed does not', async () => {
    const pages = async (seed: number) => {
      const sandbox = await SandboxHttp.start({ seed });
      try {
        return JSON.stringify(
          await sandbox.data(
            '{ paginatedUsers(first: 50, offset: 40) { edges { cursor node { id ref name email language roles extraFields } } } paginatedTrainings(first: 5) { edges { node { id title participants(first: 50) { edges { node { id } } } } } } }',
          ),
        );
      } finally {
        await sandbox.close();
      }
    };
    const [a, b, c] = [await pages(7), await pages(7), await pages(8)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  test('--users 100000 serves the last page of 100,000 users', async () => {
    const sandbox = await SandboxHttp.start({ users: 100_000 });
    try {
      const data = await sandbox.data('{ paginatedUsers(first: 50, offset: 99990) { count edges { node { email } } pageInfo { hasNextPage } } }');
      expect(data.paginatedUsers.count).toBe(100_000);
      expect(data.paginatedUsers.edges).toHaveLength(10);
      expect(data.paginatedUsers.edges.at(-1).node.email).toMatch(/\.100000@example\.com$/);
      expect(data.paginatedUsers.pageInfo.hasNextPage).toBe(false);
    } finally {
      await sandbox.close();
    }
  });

  test('--users scales every connection in proportion: trainings, groups, certificates, portfolio rows', async () => {
    const sandbox = await SandboxHttp.start({ users: 3_000 });
    try {
      const data = await sandbox.data(
        '{ paginatedUsers { count } paginatedTrainings { count } paginatedGroups { count } certificates { count } portfolioReport { count } }',
      );
      const counts = scaledCounts(3_000);
      expect(data).toEqual({
        paginatedUsers: { count: 3_000 },
        paginatedTrainings: { count: counts.trainings },
        paginatedGroups: { count: counts.groups },
        certificates: { count: counts.certificates },
        portfolioReport: { count: counts.portfolioReport },
      });
      expect(counts.trainings).toBe(Math.round((SEED_COUNTS.trainings * 3_000) / 137));
      expect(scaledCounts(137)).toMatchObject({ trainings: SEED_COUNTS.trainings, groups: SEED_COUNTS.groups });
    } finally {
      await sandbox.close();
    }
  });

  test('--churn creates users, listed first, and archives others as its clock runs', async () => {
    let now = 1_000_000;
    const sandbox = await SandboxHttp.start({ churnPerSecond: 2, now: () => now });
    try {
      const query = '{ paginatedUsers(first: 1) { count edges { node { name } } } archived: paginatedUsers(archived: true) { count } }';
      const before = await sandbox.data(query);
      expect(before.paginatedUsers.count).toBe(137);
      now += 1_500; // three changes are due at 2 a second: each request applies what is due
      const after = await sandbox.data(query);
      expect(after.paginatedUsers.count).toBe(140);
      expect(after.paginatedUsers.edges[0].node.name).toBe('New Hire 3');
      expect(after.archived.count).toBeGreaterThan(before.archived.count);
    } finally {
      await sandbox.close();
    }
  });
});
