import { test, expect } from '../contract/base-test';
import ConsoleReporter, { checkLines, organisationsChecked } from '../../src/report/console-reporter';
import type { FullConfig, Suite } from '@playwright/test/reporter';
import { clockTime, duration, sinceLine } from '../../src/report/advice';
import { groupFailures, groupLine, troubleLine } from '../../src/report/failure-groups';
import { verdictDetail, verdictsLine } from '../../src/sinks/end-of-run-reporter';
import type { CheckRecord, RunSummary, RunVerdict } from '../../src/report/run-summary';
import { record } from '../support/records';

/**
 * The words of triage, piece by piece: failures that share a cause grouped once, the one line a
 * run's trouble is, how long and since when, and the console's line for each check.
 */
const down = (checkId: string, key = 'HTTP 502 (Bad Gateway)', extra: Partial<CheckRecord> = {}) =>
  record({
    checkId,
    title: `title ${checkId}`,
    outcome: 'failed',
    cause: 'unavailable',
    failures: [{ message: `${checkId}: got ${key}`, cause: 'unavailable', key }],
    ...extra,
  });
const broken = (checkId: string, message = `count is 138, not 137, on ${checkId}`, extra: Partial<CheckRecord> = {}) =>
  record({ checkId, title: `title ${checkId}`, outcome: 'failed', failures: [{ message, cause: 'contract' }], ...extra });
const summary = (verdict: RunVerdict, checks: CheckRecord[], extra: Partial<RunSummary> = {}) => ({ verdict, checks, ...extra });

test.describe('failures grouped by what they share', () => {
  test('trouble with one key is one group, largest first; each broken contract stays its own; skipped checks are not counted', () => {
    const checks = [
      down('a'),
      down('b'),
      down('c', 'ECONNRESET'),
      broken('d'),
      record({ checkId: 'e', outcome: 'skipped' }),
      record({ checkId: 'f', outcome: 'passed' }),
    ];
    const groups = groupFailures(checks);
    expect(groups.ran).toBe(5);
    expect(groups.contract.map((c) => c.checkId)).toEqual(['d']);
    expect(groups.trouble.map((g) => [g.cause, g.key, g.checks.map((c) => c.checkId), g.example])).toEqual([
      ['unavailable', 'HTTP 502 (Bad Gateway)', ['a', 'b'], 'a: got HTTP 502 (Bad Gateway)'],
      ['unavailable', 'ECONNRESET', ['c'], 'c: got ECONNRESET'],
    ]);
    expect(groupLine(groups.trouble[0]!, groups.ran)).toBe('Pluvo did not answer (HTTP 502 (Bad Gateway)) on 2 of 5 checks');
  });

  test('the same key under another cause, or not run, is another group', () => {
    const throttled = down('t', 'HTTP 502 (Bad Gateway)', { cause: 'throttled' });
    const notRun = down('n', 'HTTP 502 (Bad Gateway)', { notRun: true, outcome: 'not-run' });
    expect(groupFailures([down('a'), throttled, notRun]).trouble).toHaveLength(3);
  });

  test('not run: "before any check", all or some', () => {
    const all = groupFailures([down('a', 'ECONNREFUSED', { notRun: true, outcome: 'not-run' })]);
    expect(groupLine(all.trouble[0]!, all.ran)).toBe('Pluvo did not answer (ECONNREFUSED) before any check, so its only check was not run');
    const many = groupFailures(['a', 'b'].map((id) => down(id, 'ECONNREFUSED', { notRun: true, outcome: 'not-run' })));
    expect(groupLine(many.trouble[0]!, many.ran)).toBe('Pluvo did not answer (ECONNREFUSED) before any check, so none of the 2 checks was run');
    const some = groupFailures([down('a', 'ECONNREFUSED', { notRun: true, outcome: 'not-run' }), record({ checkId: 'p', outcome: 'passed' })]);
    expect(groupLine(some.trouble[0]!, some.ran)).toBe('Pluvo did not answer (ECONNREFUSED) before any check, so 1 of 2 checks was not run');
  });

  test('a failure with no key is grouped by its message', () => {
    const bare = record({ checkId: 'x', outcome: 'failed', cause: 'budget', failures: [{ message: 'PLUVO_MAX_REQUESTS (500) reached', cause: 'budget' }] });
    expect(groupLine(groupFailures([bare]).trouble[0]!, 1)).toBe("The monitor's own budget ran out (PLUVO_MAX_REQUESTS (500) reached) on 1 of 1 check");
  });
});

test.describe("a run's trouble in one line", () => {
  test("broken contracts, the probable cause first: the schema's own finding, then what several checks share, once", () => {
    const removed = "Field 'email' was removed from object type 'User' [breaking, used by UsersPage]";
    const refused = (id: string) => broken(id, `${id} should answer with data; got HTTP 400: Cannot query field "email" on type "User".`);
    const checks = [broken('alone'), ...['u', 'v', 'w'].map(refused), broken('drift', removed, { area: 'schema' })];
    expect(troubleLine(summary('failed', checks))).toBe(`5 contracts broken: ${removed}; Cannot query field "email" on type "User" (3 checks); title alone`);
    expect(troubleLine(summary('failed', [...checks, broken('x'), broken('y')]))).toBe(
      `7 contracts broken: ${removed}; Cannot query field "email" on type "User" (3 checks); title alone; and 2 more checks`,
    );
  });

  test('each verdict', () => {
    expect(troubleLine(summary('passed', []))).toBe('every contract held');
    expect(troubleLine(summary('interrupted', []))).toBe('the run was stopped before it completed');
    expect(troubleLine(summary('monitor-error', [], { monitorError: 'no check ran' }))).toBe('the monitor itself failed: no check ran');
    expect(troubleLine(summary('failed', [broken('a'), broken('b'), broken('c'), broken('d'), down('e')]))).toBe(
      '4 contracts broken: title a; title b; title c; and 1 more check',
    );
    expect(troubleLine(summary('unavailable', [down('a'), down('b'), down('c', 'ECONNRESET')]))).toBe(
      'Pluvo did not answer (HTTP 502 (Bad Gateway)) on 2 of 3 checks; and 1 other trouble',
    );
    const slow = record({ checkId: 's', title: 'slow one', outcome: 'degraded' });
    expect(troubleLine(summary('degraded', [slow]))).toBe('1 check slow: slow one');
    expect(troubleLine(summary('flaky', [record({ checkId: 'f', title: 'flaky one', outcome: 'flaky' })]))).toBe('1 check passed only on retry: flaky one');
    expect(troubleLine(summary('throttled', []))).toBe('throttled');
  });

  test('under the verdict on the console: the trouble, one example, and what to do; nothing for a pass or a stop', () => {
    expect(verdictDetail({ at: '', target: 't', targetKey: 't', notices: [], ...summary('passed', []) })).toEqual([]);
    expect(verdictDetail({ at: '', target: 't', targetKey: 't', notices: [], ...summary('interrupted', []) })).toEqual([]);
    expect(verdictDetail({ at: '', target: 't', targetKey: 't', notices: [], ...summary('unavailable', [down('a'), down('b')]) })).toEqual([
      'Pluvo did not answer (HTTP 502 (Bad Gateway)) on 2 of 2 checks',
      'e.g. a: got HTTP 502 (Bad Gateway)',
      'what to do: Not a bug of ours and no contract verdict: Pluvo (or the way to it) does not answer. Check with Pluvo; nothing needs changing here, and the monitor says when it answers again.',
    ]);
    expect(verdictDetail({ at: '', target: 't', targetKey: 't', notices: [], ...summary('monitor-error', [], { monitorError: 'x' }) })).toEqual([
      'what to do: The monitor itself failed, so nothing is known about Pluvo: fix what the error names and run `npm start` to see it pass.',
    ]);
  });
});

test.describe('how long, and since when', () => {
  test('durations to the precision a person reads', () => {
    const min = 60_000;
    expect([0, 59_999, min, 59 * min, 60 * min, 185 * min, 47 * 60 * min + 59 * min, 48 * 60 * min, 50 * 60 * min, -5].map(duration)).toEqual([
      'under a minute',
      'under a minute',
      '1 min',
      '59 min',
      '1 h',
      '3 h 5 min',
      '47 h 59 min',
      '2 d',
      '2 d 2 h',
      'under a minute',
    ]);
  });

  test('a time in UTC to the minute; since when, for how long, in how many runs; this run', () => {
    expect(clockTime('2026-12-02T03:04:59.999Z')).toBe('2026-12-02 03:04 UTC');
    expect(clockTime('not a time')).toBe('not a time');
    expect(sinceLine('2026-12-02T00:00:00.000Z', '2026-12-02T03:00:00.000Z', 4)).toBe('2026-12-02 00:00 UTC, for 3 h, 4 runs');
    expect(sinceLine('2026-12-02T02:30:00.000Z', '2026-12-02T03:00:00.000Z', 1)).toBe('2026-12-02 02:30 UTC, for 30 min, 1 run');
    expect(sinceLine('2026-12-02T00:00:00.000Z', '2026-12-02T03:00:00.000Z')).toBe('2026-12-02 00:00 UTC, for 3 h');
    expect(sinceLine('2026-12-02T03:00:00.000Z', '2026-12-02T03:00:00.000Z', 1)).toBe('2026-12-02 03:00 UTC (this run)');
  });
});

test.describe("the console's line for a check", () => {
  test('a run stopped before Playwright loaded its checks does not say it is running none', () => {
    const said: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const config = { workers: 1, shard: null, reporter: [] } as unknown as FullConfig;
      new ConsoleReporter().onBegin(config, { allTests: () => [] } as unknown as Suite);
      new ConsoleReporter().onBegin(config, { allTests: () => [{ annotations: [] }] } as unknown as Suite);
    } finally {
      process.stdout.write = write;
    }
    expect(said).toEqual(['Running 1 check with 1 worker\n']);
  });

  test('passed, flaky, skipped, degraded: one line (two for a slow one), with the time it took', () => {
    expect(checkLines(record({ checkId: 'a', outcome: 'passed' }), 'auth › a', 12)).toEqual(['  ✓ auth › a (12 ms)']);
    expect(checkLines(record({ checkId: 'a', outcome: 'flaky' }), 'auth › a', 1_234)).toEqual(['  ↻ auth › a (1.2 s): passed only when tried again']);
    expect(checkLines(record({ checkId: 'a', outcome: 'skipped', skipped: 'no events.read scope' }), 'auth › a', 0)).toEqual([
      '  – auth › a: skipped: no events.read scope',
    ]);
    const slow = record({ checkId: 'a', outcome: 'degraded', latency: { p50Ms: 1, p95Ms: 2_400, verdict: 'degraded', message: 'p95 2400 ms over 2000 ms' } });
    expect(checkLines(slow, 'paging › a', 3_000)).toEqual(['  ⧗ paging › a (3.0 s)', '      p95 2400 ms over 2000 ms']);
  });

  test('a broken contract shows its first three failures and counts the rest; trouble is one line with what it shares', () => {
    const many = record({
      checkId: 'a',
      outcome: 'failed',
      failures: ['one', 'two', 'three', 'four', 'five'].map((message) => ({ message, cause: 'contract' as const })),
    });
    expect(checkLines(many, 'shape › a', 5)).toEqual([
      '  ✘ shape › a (5 ms)',
      '      - one',
      '      - two',
      '      - three',
      '      …and 2 more in the report',
    ]);
    expect(checkLines(down('b'), 'paging › b', 5)).toEqual(['  ✘ paging › b (5 ms): Pluvo did not answer (HTTP 502 (Bad Gateway))']);
    const long = record({ checkId: 'c', outcome: 'failed', failures: [{ message: `x\n${'y'.repeat(400)}`, cause: 'contract' }] });
    const [, line] = checkLines(long, 'c', 1);
    expect(line!.length).toBe(308);
    expect(line).toMatch(/^ {6}- x y+…$/);
  });
});

test("the run's verdicts over its organisations: the most common first, then what fails the run", () => {
  const of = (...verdicts: RunVerdict[]) => verdicts.map((verdict) => ({ verdict }));
  expect(verdictsLine(of('unavailable', 'failed', 'unavailable', 'passed', 'unavailable', 'passed'))).toBe(
    '6 organisations: unavailable 3, passed 2, failed 1.',
  );
  expect(verdictsLine(of('passed', 'failed'))).toBe('2 organisations: failed 1, passed 1.');
});

test('the organisations a run checks, in its first line: each of a few; of many, the first three and a count', () => {
  const labels = (count: number) => Array.from({ length: count }, (_, n) => `org-${n + 1} (https://org-${n + 1}.pluvo.com)`);
  expect(organisationsChecked(labels(1))).toBe('org-1 (https://org-1.pluvo.com)');
  expect(organisationsChecked(labels(4))).toBe(labels(4).join(', '));
  expect(organisationsChecked(labels(5))).toBe(
    '5 organisations: org-1 (https://org-1.pluvo.com), org-2 (https://org-2.pluvo.com), org-3 (https://org-3.pluvo.com) and 2 more',
  );
  expect(organisationsChecked(labels(200))).toMatch(
    /^200 organisations: org-1 \(https:\/\/org-1\.pluvo\.com\), org-2 .*, org-3 \(https:\/\/org-3\.pluvo\.com\) and 197 more$/,
  );
});
