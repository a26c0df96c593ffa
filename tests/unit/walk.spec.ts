import { test, expect } from '../contract/base-test';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { parse, validate } from 'graphql';
import { loadConfig } from '../../src/config/load-config';
import { CONNECTIONS, pageQuery } from '../../src/paging/connections';
import { Progress } from '../../src/paging/progress';
import { countsSeen, fetchPage, isCount, walkCursor, walkKeys, walkOffset } from '../../src/paging/walk';
import { TimeBudget } from '../../src/pluvo/budget';
import { createPluvoClients } from '../../src/pluvo/pluvo-clients';
import { loadSnapshot } from '../../src/schema/snapshot';
import { connectionPage, pageAsked } from '../support/check-harness';
import { FakeTransport, json, tokenBody } from '../support/fake-transport';

/**
 * The walks themselves, under the checks: where a cursor or offset walk stops, and why, in words;
 * what it keeps for the report; how it spends its time budget.
 */

const users = CONNECTIONS.find((spec) => spec.field === 'paginatedUsers')!;
const auth = { kind: 'token' as const };

/** A GraphQL client whose Pluvo serves paginatedUsers from `page`, given the variables asked. */
function pluvo(page: (variables: Record<string, unknown>) => unknown) {
  const transport = new FakeTransport((request) => {
    if (request.url.endsWith('/oauth/token/')) return tokenBody('token-abcdefghijkl');
    const { variables } = JSON.parse(request.body ?? '{}') as { variables: Record<string, unknown> };
    const answer = page(variables);
    return answer && typeof answer === 'object' && 'status' in answer ? (answer as ReturnType<typeof json>) : json(200, { data: { paginatedUsers: answer } });
  });
  const config = loadConfig({ PLUVO_BASE_URL: 'https://acme.pluvo.com', PLUVO_CLIENT_ID: 'c', PLUVO_CLIENT_SECRET: 'secret-abcdef', PLUVO_RETRIES: '0' });
  const graphqlRequests = () => transport.requests.filter((r) => r.url.endsWith('/graphql/')).map((r) => JSON.parse(r.body ?? '{}').variables);
  return { client: createPluvoClients(config, transport, { sleep: async () => undefined }).graphql, graphqlRequests };
}
const list = (count: number, change: (page: ReturnType<typeof connectionPage>, variables: Record<string, unknown>) => unknown = (page) => page) =>
  pluvo((variables) => {
    const { from, to } = pageAsked(variables, count);
    return change(connectionPage(count, from, to), variables);
  });

test.describe('fetchPage', () => {
  test('a page, or a problem that names the field, the variables and what came back', async () => {
    const { client } = list(3);
    const read = await fetchPage(client, users, auth, { first: 50 });
    expect(read.page).toEqual({ edges: connectionPage(3, 0, 3).edges, hasNextPage: false, endCursor: 'c3', count: 3 });
    expect(read.exchange.request.operationName).toBe('Page');
    expect(read.exchange.request.query).toBe(pageQuery(users));
    const failing = await fetchPage(pluvo(() => json(500, 'down')).client, users, auth, { first: 50 });
    expect(failing.problem).toEqual({ message: 'paginatedUsers({"first":50}) failed: HTTP 500: "down"', cause: 'unavailable', key: 'HTTP 500: "down"' });
    for (const [answer, shownAs] of [
      [null, 'null'],
      [{ edges: [], pageInfo: null }, '{"edges":[],"pageInfo":null}'],
      [{ edges: {}, pageInfo: {} }, '{"edges":{},"pageInfo":{}}'],
    ] as const) {
      const read = await fetchPage(pluvo(() => answer).client, users, auth, { first: 50 });
      expect(read.problem).toEqual({ message: `paginatedUsers did not answer with a connection (edges and pageInfo): ${shownAs}`, cause: 'contract' });
    }
  });

  test('edges that are not objects are dropped; a node that is not an object reads as empty', async () => {
    const { page } = await fetchPage(
      pluvo(() => ({ count: 2, pageInfo: { hasNextPage: false }, edges: [null, 'x', { cursor: 'c1', node: 'n' }] })).client,
      users,
      auth,
      {},
    );
    expect(page?.edges).toEqual([{ cursor: 'c1', node: {} }]);
  });

  test('a count is a whole number, zero included', () => {
    expect([0, 3, 3.5, -1, '3', null, undefined].map(isCount)).toEqual([true, true, false, false, false, false, false]);
  });
});

test.describe('walkCursor', () => {
  test('to the end: every page, its cursor, count and keys; the first two exchanges and the last are kept', async () => {
    const { client, graphqlRequests } = list(160);
    const walk = await walkCursor(client, users, auth);
    expect(graphqlRequests()).toEqual([{ first: 50 }, { first: 50, after: 'c50' }, { first: 50, after: 'c100' }, { first: 50, after: 'c150' }]);
    expect(walk.pages.map((page) => [page.after, page.keys.length, page.count, page.hasNextPage])).toEqual([
      [undefined, 50, 160, true],
      ['c50', 50, 160, true],
      ['c100', 50, 160, true],
      ['c150', 10, 160, false],
    ]);
    expect(walk.pages[0]).not.toHaveProperty('after');
    expect([walk.ended, walk.count, walk.largestPage, walk.lastHasNextPage, walk.problems]).toEqual([true, 160, 50, false, []]);
    expect(walk.exchanges).toHaveLength(3);
    expect(walkKeys(walk)).toHaveLength(160);
    expect(walkKeys(walk)[159]).toBe('n160');
    expect(countsSeen(walk.pages)).toEqual([160]);
  });

  test('each kept exchange once: a one-page or two-page walk keeps each of its pages once', async () => {
    const empty = await walkCursor(list(0).client, users, auth);
    expect([empty.ended, empty.pages.length, empty.exchanges.length]).toEqual([true, 1, 1]);
    expect((await walkCursor(list(3).client, users, auth)).exchanges).toHaveLength(1);
    const two = await walkCursor(list(60).client, users, auth);
    expect(two.exchanges.map((exchange) => exchange.request.variables)).toEqual([{ first: 50 }, { first: 50, after: 'c50' }]);
  });

  test('from a cursor, up to a number of pages: stops quietly, not at the end', async () => {
    const { client, graphqlRequests } = list(300);
    const walk = await walkCursor(client, users, auth, { after: 'c50', maxPages: 2 });
    expect(graphqlRequests()).toEqual([
      { first: 50, after: 'c50' },
      { first: 50, after: 'c100' },
    ]);
    expect([walk.ended, walk.problems, walk.pages[0]?.after]).toEqual([false, [], 'c50']);
    const one = await walkCursor(list(300).client, users, auth, { maxPages: 1 });
    expect(one.pages).toHaveLength(1);
  });

  test('a page that says more but gives no cursor, or no nodes, stops the walk', async () => {
    const noCursor = await walkCursor(list(120, (page) => ({ ...page, pageInfo: { ...page.pageInfo, endCursor: 7 } })).client, users, auth);
    expect(noCursor.problems).toEqual([{ message: 'page 1 says hasNextPage but has 50 edges and endCursor 7: the walk cannot go on', cause: 'contract' }]);
    expect(noCursor.ended).toBe(false);
    const noNodes = await walkCursor(list(120, (page) => ({ ...page, edges: [] })).client, users, auth);
    expect(noNodes.problems).toEqual([{ message: 'page 1 says hasNextPage but has 0 edges and endCursor "c50": the walk cannot go on', cause: 'contract' }]);
  });

  test('a repeated cursor stops the walk before it loops', async () => {
    const loop = await walkCursor(list(300, (page) => ({ ...page, pageInfo: { ...page.pageInfo, endCursor: 'c50' } })).client, users, auth);
    expect(loop.problems).toEqual([{ message: 'page 2 repeats endCursor c50: the walk would loop', cause: 'contract' }]);
    expect(loop.exchanges).toHaveLength(2);
  });

  test('hasNextPage after every node that count announces stops the walk', async () => {
    const endless = await walkCursor(list(60, (page) => ({ ...page, pageInfo: { ...page.pageInfo, hasNextPage: true } })).client, users, auth);
    expect(endless.problems).toEqual([{ message: 'page 2 says hasNextPage although all 60 nodes that count announces have been seen', cause: 'contract' }]);
    // A count of 0 is not "all seen": the next guard, the page limit, ends that walk.
    const zero = await walkCursor(list(120, (page) => ({ ...page, count: 0 })).client, users, auth);
    expect(zero.problems).toEqual([{ message: 'stopped after 1 page with hasNextPage still true; count 0 allows at most 1', cause: 'contract' }]);
  });

  test('more pages than count allows stops the walk; the limit follows the latest count', async () => {
    // 100 nodes allow 3 pages; pages of 30 need 4.
    const small = list(200, (page, variables) => ({
      ...connectionPage(200, page.edges.length ? Number(String(variables.after ?? 'c0').slice(1)) : 0, Number(String(variables.after ?? 'c0').slice(1)) + 30),
      count: 100,
    }));
    const walk = await walkCursor(small.client, users, auth);
    expect(walk.problems).toEqual([{ message: 'stopped after 3 pages with hasNextPage still true; count 100 allows at most 3', cause: 'contract' }]);
    expect(walk.exchanges).toHaveLength(3);
  });

  test('a page that cannot be read ends the walk with its problem, and its exchange is kept', async () => {
    const walk = await walkCursor(list(300, (page, variables) => (variables.after === 'c150' ? null : page)).client, users, auth);
    expect(walk.problems).toEqual([{ message: 'paginatedUsers did not answer with a connection (edges and pageInfo): null', cause: 'contract' }]);
    expect([walk.pages.length, walk.exchanges.length, walk.ended]).toEqual([3, 3, false]);
  });

  test('a spent time budget stops the walk before the next page, and says after how many', async () => {
    let now = 0;
    const budget = new TimeBudget(1_000, () => now);
    const { client, graphqlRequests } = list(300, (page) => {
      now += 600;
      return page;
    });
    const walk = await walkCursor(client, users, auth, { budget });
    expect(graphqlRequests()).toHaveLength(2);
    expect(walk.problems).toEqual([
      { message: expect.stringMatching(/^monitor budget exceeded: the check's time budget of 1 s ran out after 2 pages/), cause: 'budget' },
    ]);
  });

  test('a long walk says its plan first, then how far it is every 10 s of its clock: pages of how many, rate, time left', async () => {
    let now = 0;
    const said: string[] = [];
    // Each page takes 4 s: 25 pages of 1,250 users, 100 s.
    const { client } = list(1_250, (page) => {
      now += 4_000;
      return page;
    });
    const progress = new Progress(
      'paginatedUsers full cursor walk',
      () => now,
      (line) => said.push(line),
      { announce: true },
    );
    const walk = await walkCursor(client, users, auth, { progress });
    expect(walk.ended).toBe(true);
    expect(said[0]).toBe('paginatedUsers full cursor walk: 1250 nodes by cursor; about 25 pages to read, progress every 10 s');
    expect(said.slice(1, 3)).toEqual([
      'paginatedUsers full cursor walk: 3 of 25 pages in 12 s, 0.3 pages/s, about 88 s left',
      'paginatedUsers full cursor walk: 6 of 25 pages in 24 s, 0.3 pages/s, about 76 s left',
    ]);
    // Every 10 s at least, not more often: a line for each 12 s (three pages) of the 100.
    expect(said).toHaveLength(1 + 8);
  });

  test('a full walk whose pages wait (behind other checks at the bound) still says a line every 10 s, that it waits; after it ends, nothing', () => {
    let now = 0;
    const said: string[] = [];
    const progress = new Progress(
      'paginatedUsers full offset walk',
      () => now,
      (line) => said.push(line),
      { announce: true },
    );
    progress.plan(2_000, '100000 nodes by offset, pages in parallel');
    progress.step(40);
    now = 10_000;
    progress.pulse();
    now = 20_000;
    progress.pulse();
    progress.finish();
    expect(said).toEqual([
      'paginatedUsers full offset walk: 100000 nodes by offset, pages in parallel; about 2000 pages to read, progress every 10 s',
      'paginatedUsers full offset walk: 40 of 2000 pages in 10 s, 4.0 pages/s, about 490 s left',
      'paginatedUsers full offset walk: 40 of 2000 pages in 20 s, 2.0 pages/s, about 980 s left (waiting for answers: no page read in the last interval)',
    ]);
  });

  test('a quick walk says nothing, and a sampled one no plan', async () => {
    const said: string[] = [];
    const { client } = list(300);
    await walkCursor(client, users, auth, {
      progress: new Progress(
        'w',
        () => 0,
        (line) => said.push(line),
      ),
      maxPages: 3,
    });
    expect(said).toEqual([]);
  });

  test('without a count, at most 2,000 pages', async () => {
    const walk = await walkCursor(list(120, (page) => ({ ...page, count: null })).client, users, auth);
    expect([walk.ended, walk.count, walk.problems]).toEqual([true, null, []]);
  });
});

test.describe('walkOffset', () => {
  test('with a count: every page at once, by offset, ending past the last', async () => {
    const { client, graphqlRequests } = list(120);
    const walk = await walkOffset(client, users, auth, 120);
    expect(graphqlRequests()).toEqual([
      { first: 50, offset: 0 },
      { first: 50, offset: 50 },
      { first: 50, offset: 100 },
    ]);
    expect(walk.pages.map((page) => [page.offset, page.keys.length])).toEqual([
      [0, 50],
      [50, 50],
      [100, 20],
    ]);
    expect([walk.ended, walk.count, walk.largestPage, walk.exchanges.length]).toEqual([true, 120, 50, 2]);
  });

  test('a count that fills its last page exactly still asks for the page after it', async () => {
    const { graphqlRequests, client } = list(100);
    await walkOffset(client, users, auth, 100);
    expect(graphqlRequests().map((v) => v.offset)).toEqual([0, 50, 100]);
  });

  test('pages that cannot be read are problems, kept for the report; the others still count', async () => {
    const walk = await walkOffset(list(300, (page, variables) => (variables.offset === 250 ? null : page)).client, users, auth, 300);
    expect(walk.problems).toEqual([{ message: 'paginatedUsers did not answer with a connection (edges and pageInfo): null', cause: 'contract' }]);
    expect([walk.pages.length, walk.exchanges.length, walk.ended]).toEqual([6, 3, false]);
  });

  test('a spent budget: each page not yet asked for is a problem', async () => {
    let now = 0;
    const budget = new TimeBudget(0, () => now);
    now = 1;
    const walk = await walkOffset(list(120).client, users, auth, 120, { budget });
    expect(walk.problems).toHaveLength(3);
    expect(walk.problems[0]).toEqual({ message: expect.stringMatching(/ran out after offset 0/), cause: 'budget' });
  });

  test('without a usable count: page by page until a short page', async () => {
    const { client, graphqlRequests } = list(120, (page) => ({ ...page, count: 'many' }));
    const walk = await walkOffset(client, users, auth, 'many');
    expect(graphqlRequests().map((v) => v.offset)).toEqual([0, 50, 100]);
    expect([walk.ended, walk.count, walk.largestPage, walk.exchanges.length, walk.pages.length]).toEqual([true, 'many', 50, 2, 3]);
    expect(walk.pages.map((page) => [page.offset, page.keys[0], page.keys.length, page.count, page.hasNextPage])).toEqual([
      [0, 'n1', 50, 'many', true],
      [50, 'n51', 50, 'many', true],
      [100, 'n101', 20, 'many', false],
    ]);
    const exact = list(100, (page) => ({ ...page, count: null }));
    await walkOffset(exact.client, users, auth, null);
    expect(exact.graphqlRequests().map((v) => v.offset)).toEqual([0, 50, 100]);
  });

  test('without a count, an unreadable page or a spent budget ends the walk', async () => {
    const broken = await walkOffset(list(120, (page, variables) => (variables.offset === 50 ? null : page)).client, users, auth, undefined);
    expect(broken.problems).toEqual([{ message: 'paginatedUsers did not answer with a connection (edges and pageInfo): null', cause: 'contract' }]);
    expect([broken.ended, broken.exchanges.length]).toEqual([false, 2]);
    let now = 0;
    const budget = new TimeBudget(1_000, () => now);
    const { client, graphqlRequests } = list(1_000, (page) => {
      now += 600;
      return page;
    });
    const spent = await walkOffset(client, users, auth, undefined, { budget });
    expect(graphqlRequests()).toHaveLength(2);
    expect(spent.problems).toEqual([{ message: expect.stringMatching(/ran out after 2 pages/), cause: 'budget' }]);
  });

  test('without a count, offset paging that never ends stops after 2,000 full pages', async () => {
    const endless = pluvo((variables) => connectionPage(1_000_000, Number(variables.offset), Number(variables.offset) + 50));
    const walk = await walkOffset(endless.client, users, auth, undefined);
    expect(walk.problems).toEqual([
      { message: 'offset paging still returned full pages after 2000 pages, and count undefined gives no end', cause: 'contract' },
    ]);
    expect([walk.pages.length, walk.ended]).toEqual([2000, false]);
  });
});

test.describe('the page query', () => {
  test('valid against the snapshot for every connection, with offset and last only where the docs list them', () => {
    const snapshot = loadSnapshot(SANDBOX_ORG.snapshotPath);
    for (const spec of CONNECTIONS) expect(validate(snapshot, parse(pageQuery(spec))), spec.field).toEqual([]);
    expect(pageQuery(users)).toBe(
      'query Page($first: Int, $after: String, $offset: Int) { paginatedUsers(first: $first, after: $after, offset: $offset) { count pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }',
    );
    const certificates = CONNECTIONS.find((spec) => spec.field === 'certificates')!;
    expect(pageQuery(certificates)).toBe(
      'query Page($first: Int, $after: String, $last: Int) { certificates(first: $first, after: $after, last: $last) { count pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }',
    );
  });

  test('a portfolio row is told apart by its user and title; a row without a user by its title', () => {
    const portfolio = CONNECTIONS.find((spec) => spec.field === 'portfolioReport')!;
    expect(portfolio.key({ title: 'T', user: { id: 'u1' } })).toBe('u1|T');
    expect(portfolio.key({ title: 'T', user: null })).toBe('?|T');
    expect(portfolio.key({ title: 'T', user: {} })).toBe('?|T');
    expect(users.key({ id: 7 })).toBe('7');
  });
});
