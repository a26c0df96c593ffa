import { test, expect } from '../contract/base-test';
import { junitXml } from '../../src/report/junit-reporter';
import { record } from '../support/records';

const START = Date.parse('2026-12-01T12:00:00.000Z');
const TARGET = { key: 'acme', label: 'acme (https://acme.pluvo.com)' };
const run = { status: 'passed' as const, startTime: new Date(START), duration: 14_500 };

/** One target's checks as the engine runs them, side by side: each its start and how long it took. */
const checks = (timings: Array<[startedAfterMs: number | undefined, tookMs: number]>) =>
  timings.map(([after, tookMs], index) => ({
    record: { ...record({ checkId: `c.${index}`, outcome: 'passed', tookMs, ...(after === undefined ? {} : { startedAt: START + after }) }), target: TARGET },
    seconds: tookMs / 1000,
  }));

const suiteTime = (xml: string) => /<testsuite name="acme[^"]*"[^>]* time="([\d.]+)"/.exec(xml)?.[1];

test.describe('JUnit times, as the run took them', () => {
  test("a target's suite took from its first check's start to its last check's end, not the sum of checks that ran side by side", () => {
    const xml = junitXml(
      checks([
        [0, 10_000],
        [100, 2_000],
        [200, 12_000],
      ]),
      [],
      run,
    );
    expect(suiteTime(xml)).toBe('12.200');
    // Each check's own time stays its own, and the whole run's is the run's.
    expect([...xml.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => m[1])).toEqual(['10.000', '2.000', '12.000']);
    expect(/<testsuites [^>]* time="([\d.]+)"/.exec(xml)?.[1]).toBe('14.500');
  });

  test('checks without a start of their own (one kept by an older run) are summed, as before', () => {
    expect(
      suiteTime(
        junitXml(
          checks([
            [0, 1_000],
            [undefined, 2_000],
          ]),
          [],
          run,
        ),
      ),
    ).toBe('3.000');
  });
});
