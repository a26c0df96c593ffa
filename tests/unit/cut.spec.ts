import { test, expect } from '../contract/base-test';
import { checkLines } from '../../src/report/console-reporter';
import { junitXml } from '../../src/report/junit-reporter';
import { cut as slackCut } from '../../src/report/slack-message';
import { incidentName } from '../../src/report/status-page';
import { cutTo } from '../../src/text/cut';
import { bounded } from '../../src/text/github-markdown';
import { shownText } from '../../src/text/shown';
import { record } from '../support/records';

/** Half of a character outside the Basic Multilingual Plane, on its own: what XML cannot hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test.describe('text cut to a limit', () => {
  test('at most the limit, the mark saying so; text within the limit is left whole', () => {
    expect(cutTo('abcdefghij', 10, '…')).toBe('abcdefghij');
    expect(cutTo('abcdefghijk', 10, '…')).toBe('abcdefghi…');
    expect(cutTo('abcdefghijk', 10, ' …(cut)')).toBe('abc …(cut)');
  });

  test('never between the two halves of an emoji, wherever the limit falls', () => {
    const emojis = '😀'.repeat(50);
    for (let max = 2; max < 60; max++)
      for (const mark of ['…', ' …(cut)']) {
        const cut = cutTo(emojis, max, mark);
        expect(cut.length, `${max} ${mark}`).toBeLessThanOrEqual(max);
        expect(cut, `${max} ${mark}`).not.toMatch(LONE_SURROGATE);
      }
  });

  test('a target message of emojis, cut for JUnit, Slack and the console: every character whole, so junit.xml stays XML', () => {
    const message = '😀'.repeat(400);
    const junit = junitXml([], [{ name: 'a problem', message }], { status: 'failed', startTime: new Date(0), duration: 0 });
    expect(junit).toContain('…(cut)');
    expect(junit).not.toMatch(LONE_SURROGATE);
    // A GitHub issue's body over GitHub's limit (60,000 characters kept): cut where a pair would be split.
    const body = bounded(`x${'😀'.repeat(40_000)}`, 'the rest is in the run');
    expect(body).toContain('…cut here');
    expect(body).not.toMatch(LONE_SURROGATE);
    for (const max of [299, 300]) {
      expect(slackCut(message, max)).not.toMatch(LONE_SURROGATE);
      expect(shownText(message, max)).not.toMatch(LONE_SURROGATE);
    }
    // The console's line under a broken check, and an incident's name on the status page.
    const lines = checkLines(record({ checkId: 'a', outcome: 'failed', failures: [{ message, cause: 'contract' }] }), 'auth › a', 1);
    expect(lines.join('\n')).toContain('…');
    expect(lines.join('\n')).not.toMatch(LONE_SURROGATE);
    const incident = incidentName({
      kind: 'outage',
      verdict: 'unavailable',
      inPart: false,
      from: '',
      runs: 1,
      checks: [],
      alerts: [],
      said: message,
      titles: [],
    });
    expect(incident).toContain('…');
    expect(incident).not.toMatch(LONE_SURROGATE);
  });
});
