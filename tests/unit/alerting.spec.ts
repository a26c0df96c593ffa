import { test, expect } from '@playwright/test';
import { decideAlert, EMPTY_STATE, type AlertState } from '../../src/report/alert-policy';
import { runStatus, type FailedCheck, type RunSummary } from '../../src/report/run-summary';
import { slackMessage } from '../../src/report/slack-message';

const failure = (checkId: string, trouble?: 'unavailable' | 'throttled' | 'budget'): FailedCheck => ({ checkId, title: `title of ${checkId}`, trouble, message: `Contract broken: ${checkId}\n  - what came back\nDocs: x` });
const summary = (failures: FailedCheck[], notices: string[] = []): RunSummary => ({ at: '2026-11-28T10:00:00Z', target: 'https://acme.pluvo.com', status: runStatus(failures), passed: 40, failed: failures.length, skipped: 1, failures, notices });

/** Run a sequence of summaries through the policy, returning the alert kind of each. */
function sequence(runs: RunSummary[]): Array<string | undefined> {
  let state: AlertState = EMPTY_STATE;
  return runs.map((run) => {
    const decision = decideAlert(state, run);
    state = decision.next;
    return decision.kind;
  });
}

test.describe('alert policy: changes, not repetitions', () => {
  test('a healthy monitor stays quiet', () => {
    expect(sequence([summary([]), summary([]), summary([])])).toEqual([undefined, undefined, undefined]);
  });

  test('a failure alerts once, repeats stay quiet, the first pass after it is a recovery', () => {
    const broken = summary([failure('a')]);
    expect(sequence([summary([]), broken, broken, broken, summary([]), summary([])])).toEqual([undefined, 'failure', undefined, undefined, 'recovery', undefined]);
  });

  test('a different set of failures alerts as a change', () => {
    expect(sequence([summary([failure('a')]), summary([failure('a'), failure('b')]), summary([failure('b')])])).toEqual(['failure', 'change', 'change']);
  });

  test('notices are told once each, even on passing runs', () => {
    const noticed = summary([], ['User.email is deprecated']);
    expect(sequence([noticed, noticed, summary([], ['User.email is deprecated', 'Query.users is deprecated'])])).toEqual(['notice', undefined, 'notice']);
  });

  test('the kinds of trouble read differently', () => {
    expect(runStatus([failure('a', 'unavailable')])).toBe('unavailable');
    expect(runStatus([failure('a', 'throttled')])).toBe('throttled');
    expect(runStatus([failure('a', 'throttled'), failure('b')])).toBe('failed');
    expect(slackMessage('failure', summary([failure('a', 'unavailable')]), undefined).text).toMatch(/^Pluvo API unavailable/);
    expect(slackMessage('failure', summary([failure('a')]), undefined).text).toMatch(/^Pluvo contract broken/);
  });

  test("the monitor's own budget running out is its own category, never a broken contract", () => {
    expect(runStatus([failure('a', 'budget')])).toBe('budget-exceeded');
    expect(runStatus([failure('a', 'budget'), failure('b', 'unavailable')])).toBe('unavailable');
    const message = slackMessage('failure', summary([failure('a', 'budget')]), undefined);
    expect(message.text).toMatch(/^The monitor ran out of its own budget \(no verdict on Pluvo\)/);
    expect(JSON.stringify(message)).toContain('Monitor budget exceeded (our own request or time limit, not Pluvo): no contract verdict');
    expect(JSON.stringify(message)).not.toContain('contract broken');
  });
});

test.describe('Slack message', () => {
  test('names each failure with what came back, links the report, and is within Slack limits', () => {
    const failures = Array.from({ length: 14 }, (_, i) => failure(`check-${i}`));
    const message = slackMessage('failure', summary(failures, ['User.email is deprecated']), 'https://ci.example/report/index.html');
    const text = JSON.stringify(message);
    expect(text).toContain('title of check-0');
    expect(text).toContain('what came back');
    expect(text).toContain('…and 4 more failing checks.');
    expect(text).toContain('User.email is deprecated');
    expect(text).toContain('<https://ci.example/report/index.html|Open the HTML report>');
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
  });

  test('no secret survives into the message', () => {
    const leaky = { ...failure('a'), message: 'Contract broken\n  - got Bearer abcdefghijklmnopqrstuvwx and {"access_token":"zzz"} via https://hooks.slack.com/services/T1/B2/C3' };
    const text = JSON.stringify(slackMessage('failure', summary([leaky]), undefined));
    expect(text).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(text).not.toContain('zzz');
    expect(text).not.toContain('T1/B2/C3');
  });
});
