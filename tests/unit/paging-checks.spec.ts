import { test, expect } from '../contract/base-test';
import { connection, connectionPage, runOneCheck, graphqlVariables } from '../support/check-harness';

/**
 * The paging checks' less travelled paths, one broken promise at a time, with the exact words:
 * the end of a list without offset (through `last`), each anomaly an offset window can find, and
 * full walks. tests/unit/checks.spec.ts has each check's main promises.
 */

test.describe('paging.cursor-walk.certificates: the end of a list without offset, through last', () => {
  const id = 'paging.cursor-walk.certificates';
  // Eight pages a connection: six by cursor, then the end through last (400 nodes, so the six do not reach it).
  const env = { env: { PLUVO_PAGING_PAGES: '8' } };

  test('holds: the first pages by cursor, then last: 1 and the empty page after it', async () => {
    const { failures, infos, requests } = await runOneCheck(id, connection('certificates', 400), env);
    expect(failures).toEqual([]);
    expect(infos).toEqual(['Sampled: the first 6 pages by cursor (300 of 400 nodes). PLUVO_WALK=full walks the whole list.']);
    expect(graphqlVariables(requests).slice(6)).toEqual([{ last: 1 }, { first: 50, after: 'c400' }]);
  });

  test('broken: last: 1 gives more than one node, or says a page follows', async () => {
    const wide = connection('certificates', 400, (page, variables) => (variables.last ? connectionPage(400, 398, 400, { hasNextPage: true }) : page));
    expect((await runOneCheck(id, wide, env)).failures).toEqual([
      'last: 1 gave 2 edges.',
      'last: 1 should say hasNextPage: false at the end of the list; got true.',
    ]);
  });

  test('broken: the page past the last node holds nodes, or does not say it is the end', async () => {
    const pastEnd = connection('certificates', 400, (page, variables) =>
      variables.after === 'c400' ? connectionPage(400, 0, 2, { hasNextPage: 'no' }) : page,
    );
    expect((await runOneCheck(id, pastEnd, env)).failures).toEqual([
      "The page after the last node's cursor holds 2 edges; it should be empty.",
      'The page after the last node should say hasNextPage: false; got "no".',
    ]);
  });

  test('broken: the end cannot be read', async () => {
    const refused = connection('certificates', 400, (page, variables) => (variables.last ? null : page));
    const { failures } = await runOneCheck(id, refused, env);
    expect(failures).toEqual([expect.stringMatching(/^The end of the list could not be read: .+\.$/)]);
    const pastRefused = connection('certificates', 400, (page, variables) => (variables.after === 'c400' ? null : page));
    expect((await runOneCheck(id, pastRefused, env)).failures).toEqual([expect.stringMatching(/^The page after the last node could not be read: .+\.$/)]);
  });

  test('an empty list has no last node to be alone; a last page without a cursor ends the look', async () => {
    expect((await runOneCheck(id, connection('certificates', 0), env)).failures).toEqual([]);
    const noCursor = connection('certificates', 400, (page, variables) =>
      variables.last ? { ...page, edges: page.edges.map(({ node }) => ({ node })) } : page,
    );
    const { failures, requests } = await runOneCheck(id, noCursor, env);
    expect(failures).toEqual([]);
    expect(graphqlVariables(requests).at(-1)).toEqual({ last: 1 });
  });

  test('a connection with offset leaves the end to the offset check, and says so', async () => {
    const { infos, requests } = await runOneCheck('paging.cursor-walk.paginatedUsers', connection('paginatedUsers', 1000), env);
    expect(infos).toEqual([
      "Sampled: the first 2 pages by cursor (100 of 1000 nodes); windows elsewhere and the end of the list are the offset check's. PLUVO_WALK=full walks the whole list.",
    ]);
    expect(graphqlVariables(requests).some((variables) => 'last' in variables)).toBe(false);
  });
});

test.describe('paging.cursor-walk: what a walk can break', () => {
  const id = 'paging.cursor-walk.paginatedTrainings';

  test('broken: count is not a whole number', async () => {
    const fractional = connection('paginatedTrainings', 60, (page) => ({ ...page, count: 60.5 }));
    expect((await runOneCheck(id, fractional)).failures).toEqual(['count should be a whole number, the total of the list; got 60.5.']);
  });

  test('broken: a page that cannot be read ends the walk with its reason', async () => {
    const broken = connection('paginatedTrainings', 120, (page, variables) => (variables.after === 'c50' ? { ...page, edges: 'none' } : page));
    const { failures } = await runOneCheck(id, broken);
    expect(failures).toEqual([expect.stringMatching(/^The cursor walk broke: .+\.$/)]);
  });

  test('a repeat that is gone when looked at again is live data: a warning, not a failure', async () => {
    let calls = 0;
    // A user created mid-walk: the second page counts 61 and repeats a node; looked at again, all is still.
    const once = connection('paginatedTrainings', 60, (page, variables) => (variables.after && ++calls === 1 ? connectionPage(61, 49, 61) : page));
    const { failures, warnings } = await runOneCheck(id, once);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'The organisation changed during the walk: offset cursors then repeat or skip nodes. count went 60 → 61; a re-check of pages 1–2 found it consistent. What was seen: 1 node came back more than once across pages (e.g. n50), first on page 2; a sync would process them twice. count says 60 but the walk found 62 edges in 2 pages.',
    ]);
  });

  test('full walks (PLUVO_WALK=full) go to the end of every connection', async () => {
    const { failures, requests } = await runOneCheck(id, connection('paginatedTrainings', 160), { env: { PLUVO_WALK: 'full' } });
    expect(failures).toEqual([]);
    expect(graphqlVariables(requests)).toEqual([{ first: 50 }, { first: 50, after: 'c50' }, { first: 50, after: 'c100' }, { first: 50, after: 'c150' }]);
  });
});

test.describe('paging.offset: each anomaly a window can find', () => {
  const id = 'paging.offset.paginatedTrainings';
  // Eight pages a connection: the count probe, one window of three, the end's two, two cursor pages.
  const env = { env: { PLUVO_PAGING_PAGES: '8' } };
  /** Where this seed puts the one window in 137 trainings, so that a test can break that window. */
  const windowAt = async () => {
    const { infos } = await runOneCheck(id, connection('paginatedTrainings', 137), env);
    const offset = /^Sampled windows at offset (\d+) of 137 nodes/.exec(infos[0] ?? '')?.[1];
    expect(offset, infos.join()).toBeDefined();
    return Number(offset);
  };

  test('the window, the end, and the requests each makes', async () => {
    const offset = await windowAt();
    const { requests, failures } = await runOneCheck(id, connection('paginatedTrainings', 137), env);
    expect(failures).toEqual([]);
    expect(graphqlVariables(requests)).toEqual(
      expect.arrayContaining([
        { first: 1 },
        { first: 50, offset },
        { first: 50, after: `c${offset + 50}` },
        { first: 2, offset: offset + 49 },
        { first: 50, offset: 136 },
        { first: 50, offset: 137 },
      ]),
    );
  });

  test('broken: the window holds fewer nodes than count says, or its hasNextPage disagrees', async () => {
    const offset = await windowAt();
    const short = connection('paginatedTrainings', 137, (page, variables) =>
      variables.offset === offset && variables.first === 50 ? connectionPage(137, offset, offset + 40, { hasNextPage: false }) : page,
    );
    const { failures } = await runOneCheck(id, short, env);
    expect(failures).toContain(`offset ${offset} gave 40 nodes; count 137 says 50.`);
    expect(failures).toContain(`The page at offset ${offset} says hasNextPage: false, but count 137 says true.`);
  });

  test('broken: a hasNextPage that is not a boolean says which type it is', async () => {
    const offset = await windowAt();
    const stringly = connection('paginatedTrainings', 137, (page, variables) =>
      variables.offset === offset && variables.first === 50 ? connectionPage(137, offset, offset + 50, { hasNextPage: 'true' }) : page,
    );
    expect((await runOneCheck(id, stringly, env)).failures).toContain(
      `The page at offset ${offset} says hasNextPage: "true" (string, not a boolean), but count 137 says true.`,
    );
    const unset = connection('paginatedTrainings', 137, (page, variables) =>
      variables.offset === 137 ? connectionPage(137, 137, 137, { hasNextPage: null }) : page,
    );
    expect((await runOneCheck(id, unset, env)).failures).toEqual([
      'offset 137 (past the end) says hasNextPage: null (null, not a boolean); it should be false.',
    ]);
  });

  test("broken: the page after the window's endCursor repeats its nodes", async () => {
    const offset = await windowAt();
    const repeating = connection('paginatedTrainings', 137, (page, variables) =>
      variables.after === `c${offset + 50}` ? connectionPage(137, offset + 48, offset + 98) : page,
    );
    const { failures } = await runOneCheck(id, repeating, env);
    expect(failures).toContain(`The page after offset ${offset}'s endCursor repeats 2 of its nodes (e.g. n${offset + 49}, n${offset + 50}).`);
    expect(failures).toContain(`The page after offset ${offset}'s endCursor starts with n${offset + 49}, but offset ${offset + 50} holds n${offset + 51}.`);
  });

  test('broken: the boundary read by offset holds another node than the window ended with', async () => {
    const offset = await windowAt();
    const shifted = connection('paginatedTrainings', 137, (page, variables) => (variables.first === 2 ? connectionPage(137, offset + 50, offset + 52) : page));
    const { failures } = await runOneCheck(id, shifted, env);
    expect(failures).toContain(`offset ${offset + 49} holds n${offset + 51}, but the page at offset ${offset} ended with n${offset + 50}.`);
    const empty = connection('paginatedTrainings', 137, (page, variables) => (variables.first === 2 ? connectionPage(137, 0, 0) : page));
    expect((await runOneCheck(id, empty, env)).failures).toContain(
      `offset ${offset + 49} holds nothing, but the page at offset ${offset} ended with n${offset + 50}.`,
    );
  });

  test('broken: a page of the window cannot be read', async () => {
    const offset = await windowAt();
    for (const asked of [
      (v: Record<string, unknown>) => v.offset === offset && v.first === 50,
      (v: Record<string, unknown>) => v.after === `c${offset + 50}`,
      (v: Record<string, unknown>) => v.first === 2,
    ]) {
      const unreadable = connection('paginatedTrainings', 137, (page, variables) => (asked(variables) ? null : page));
      const { failures } = await runOneCheck(id, unreadable, env);
      expect(failures).toHaveLength(1);
      expect(failures[0]).not.toContain('offset 13');
    }
  });

  test('broken: the end of the list cannot be read', async () => {
    for (const offset of [136, 137]) {
      const unreadable = connection('paginatedTrainings', 137, (page, variables) => (variables.offset === offset ? null : page));
      expect((await runOneCheck(id, unreadable, env)).failures).toHaveLength(1);
    }
  });

  test('broken: past the end says a page follows', async () => {
    const endless = connection('paginatedTrainings', 137, (page, variables) =>
      variables.offset === 137 ? connectionPage(137, 137, 137, { hasNextPage: true }) : page,
    );
    expect((await runOneCheck(id, endless, env)).failures).toEqual(['offset 137 (past the end) says hasNextPage: true; it should be false.']);
  });

  test('broken: the probe cannot be read; an empty list has only its end to check', async () => {
    const noProbe = connection('paginatedTrainings', 137, (page, variables) => (variables.first === 1 ? null : page));
    expect((await runOneCheck(id, noProbe, env)).failures).toHaveLength(1);
    const { failures, requests } = await runOneCheck(id, connection('paginatedTrainings', 0), env);
    expect(failures).toEqual([]);
    // No last node to read alone, and no boundary in an empty window.
    expect(graphqlVariables(requests)).toEqual([{ first: 1 }, { first: 50, offset: 0 }, { first: 50, offset: 0 }]);
  });
});

test.describe('paging.offset with PLUVO_WALK=full: every page by offset against the cursor walk', () => {
  const id = 'paging.offset.paginatedTrainings';
  const full = { env: { PLUVO_WALK: 'full' } };

  test('broken: offset paging returns nodes past the cursor walk, or stops before its end', async () => {
    const long = connection('paginatedTrainings', 120, (page, variables) => (variables.offset === 100 ? connectionPage(120, 100, 121) : page));
    expect((await runOneCheck(id, long, full)).failures).toEqual(['Offset paging returned 121 nodes; the cursor walk 120.']);
    const short = connection('paginatedTrainings', 120, (page, variables) =>
      variables.offset === 100 ? connectionPage(120, 100, 110, { hasNextPage: false }) : page,
    );
    expect((await runOneCheck(id, short, full)).failures).toEqual(['Offset paging and the cursor walk differ at position 110: (nothing) instead of n111.']);
  });

  test('broken: the cursor walk it compares with failed', async () => {
    const broken = connection('paginatedTrainings', 120, (page, variables) => (variables.after === 'c50' ? null : page));
    expect((await runOneCheck(id, broken, full)).failures).toEqual([
      expect.stringMatching(/^The cursor walk that offset paging is compared with failed: .+\.$/),
    ]);
  });

  test('broken: offset paging itself breaks', async () => {
    const broken = connection('paginatedTrainings', 120, (page, variables) => (variables.offset === 50 ? { ...page, edges: 'none' } : page));
    expect((await runOneCheck(id, broken, full)).failures).toEqual([expect.stringMatching(/^Offset paging broke: .+\.$/)]);
  });

  test('a difference gone when looked at again is live data: a warning', async () => {
    let calls = 0;
    const once = connection('paginatedTrainings', 120, (page, variables) => (variables.offset === 50 && ++calls === 1 ? connectionPage(121, 51, 101) : page));
    const { failures, warnings } = await runOneCheck(id, once, full);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'The organisation changed during the walk: offset cursors then repeat or skip nodes. count went 120 → 121; a re-check of page 2 found it consistent. What was seen: Offset paging and the cursor walk differ at position 50: n52 instead of n51.',
    ]);
  });

  test('a difference still there when the count held still: page by offset and by cursor still differ', async () => {
    let calls = 0;
    // The count moves once, on the cursor walk's third page, so the difference is looked at again.
    const shifted = connection('paginatedTrainings', 120, (page, variables) =>
      variables.offset === 50 ? connectionPage(120, 51, 101) : variables.after === 'c100' && ++calls === 1 ? { ...page, count: 121 } : page,
    );
    const { failures, requests } = await runOneCheck(id, shifted, full);
    expect(failures).toEqual(['page 2 still differs by offset and by cursor. (seen again on a re-check of page 2, while count held at 120)']);
    expect(graphqlVariables(requests).slice(-2)).toEqual([
      { first: 50, offset: 50 },
      { first: 50, after: 'c50' },
    ]);
  });
});
