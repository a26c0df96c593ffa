import { test, expect } from '../contract/base-test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/config/policy';
import { decideAlert, EMPTY_TARGET_STATE, type Alert, type TargetAlertState } from '../../src/report/alert-policy';
import { record } from '../support/records';
import { AlertFiles, HISTORY_DAYS, historyLine } from '../../src/report/alert-files';
import { runVerdict, type CheckRecord, type RunCompletion, type RunSummary, type RunVerdict } from '../../src/report/run-summary';
import { slackMessage } from '../../src/report/slack-message';
import { scratchDir } from '../support/scratch';

type Trouble = 'unavailable' | 'throttled' | 'budget';
const check = (checkId: string, outcome: CheckRecord['outcome'] = 'passed', trouble?: Trouble): CheckRecord =>
  record({
    checkId,
    title: `title of ${checkId}`,
    area: (checkId.split('.')[0] ?? 'auth') as CheckRecord['area'],
    outcome,
    ...(outcome === 'failed' ? { cause: trouble ?? 'contract', failures: [{ message: 'what came back', cause: trouble ?? 'contract' }] } : {}),
    latency: { p50Ms: 10, p95Ms: 20, verdict: 'ok' },
  });
const healthy = () => Array.from({ length: 20 }, (_, i) => check(`paging.c${i}`));
const completed: RunCompletion = { status: 'passed', fatalErrors: [], incomplete: 0 };

function summary(checks: CheckRecord[], at = '2026-11-28T10:00:00Z', overrides: Partial<RunSummary> = {}): RunSummary {
  const { verdict, monitorError } = runVerdict({ ...completed, status: checks.some((c) => c.outcome === 'failed') ? 'failed' : 'passed' }, checks);
  return {
    at,
    target: 'https://acme.pluvo.com',
    targetKey: 'https://acme.pluvo.com',
    verdict,
    ...(monitorError ? { monitorError } : {}),
    checks,
    notices: [],
    ...overrides,
  };
}

/** An alert as a word: "failure:contract", "recovery:outage", "notice". */
const said = (alert: Alert) => (alert.incident ? `${alert.kind}:${alert.incident}` : alert.kind);

/** Hourly runs through the policy from an empty state, returning the alerts of each ("failure:contract+recovery:outage"). */
function sequence(runs: Array<CheckRecord[] | 'monitor-error'>, policy = DEFAULT_POLICY): Array<string | undefined> {
  let state: TargetAlertState = EMPTY_TARGET_STATE;
  return runs.map((checks, hour) => {
    const at = new Date(Date.parse('2026-11-01T00:00:00Z') + hour * 3_600_000).toISOString();
    const run = checks === 'monitor-error' ? summary([], at, { verdict: 'monitor-error', monitorError: 'no check ran' }) : summary(checks, at);
    const decision = decideAlert(state, run, policy, new Date(at));
    state = decision.next;
    return decision.alerts.map(said).join('+') || undefined;
  });
}

const broken = () => [...healthy(), check('auth.token-issued', 'failed')];
const down = () => [...healthy().slice(0, 4), ...Array.from({ length: 16 }, (_, i) => check(`paging.d${i}`, 'failed', 'unavailable'))];

test.describe("run verdict: from Playwright's own result", () => {
  const verdict = (completion: Partial<RunCompletion>, checks: CheckRecord[]) => runVerdict({ ...completed, ...completion }, checks);

  test('a run that did not complete is a monitor error, whatever its checks say', () => {
    expect(verdict({ status: 'failed' }, [])).toEqual({ verdict: 'monitor-error', monitorError: 'no check ran' });
    expect(verdict({ status: 'passed' }, [check('a', 'skipped')])).toEqual({ verdict: 'monitor-error', monitorError: 'no check ran' });
    expect(verdict({ status: 'failed', fatalErrors: ['Error: contracts/manifest.json is not valid JSON'] }, healthy())).toEqual({
      verdict: 'monitor-error',
      monitorError: 'an error outside any check: Error: contracts/manifest.json is not valid JSON',
    });
    // A stop someone asked for is its own verdict: nothing known, nobody paged.
    expect(verdict({ status: 'interrupted', fatalErrors: ['x'] }, healthy())).toEqual({
      verdict: 'interrupted',
      monitorError: 'the run was stopped before it completed',
    });
    expect(verdict({ status: 'timedout' }, healthy()).monitorError).toBe('the run ran out of its global time limit before it completed');
    expect(verdict({ status: 'failed', incomplete: 3 }, healthy()).monitorError).toBe('3 checks were interrupted or did not run');
  });

  test('a completed run: failed before the kinds of trouble, then degraded, flaky, passed', () => {
    expect(verdict({}, healthy()).verdict).toBe('passed');
    expect(verdict({}, [...healthy(), check('x', 'flaky')]).verdict).toBe('flaky');
    expect(verdict({}, [...healthy(), check('x', 'flaky'), check('y', 'degraded')]).verdict).toBe('degraded');
    expect(verdict({ status: 'failed' }, [...healthy(), check('x', 'failed'), check('y', 'failed', 'unavailable')]).verdict).toBe('failed');
    expect(verdict({ status: 'failed' }, [check('y', 'failed', 'throttled')]).verdict).toBe('throttled');
    expect(verdict({ status: 'failed' }, [check('y', 'failed', 'budget')]).verdict).toBe('budget-exceeded');
    expect(verdict({ status: 'failed' }, down()).verdict).toBe('unavailable');
  });
});

test.describe('alert policy: Checkly-grade noise control, per target', () => {
  test('a healthy monitor stays quiet', () => {
    expect(sequence([healthy(), healthy(), healthy()])).toEqual([undefined, undefined, undefined]);
  });

  test('a lasting break alerts once, reminds every 24 hours at most 3 times, and recovers once', () => {
    const runs = [...Array.from({ length: 100 }, broken), healthy(), healthy()];
    const kinds = sequence(runs);
    const told = kinds.map((kind, hour) => (kind ? `${hour}:${kind}` : '')).filter(Boolean);
    expect(told).toEqual(['0:failure:contract', '24:reminder:contract', '48:reminder:contract', '72:reminder:contract', '100:recovery:contract']);
  });

  test('one blip of an API that did not answer is not told, and so needs no recovery', () => {
    expect(sequence([healthy(), down(), healthy(), healthy()])).toEqual([undefined, undefined, undefined, undefined]);
    expect(sequence([down(), down(), healthy()])).toEqual([undefined, 'failure:outage', 'recovery:outage']);
  });

  test('escalation is configurable per area, or by time', () => {
    const afterThree = { ...DEFAULT_POLICY, afterRuns: { ...DEFAULT_POLICY.afterRuns, auth: 3 } };
    expect(sequence([broken(), broken(), broken(), healthy()], afterThree)).toEqual([undefined, undefined, 'failure:contract', 'recovery:contract']);
    const after90Minutes = { ...DEFAULT_POLICY, afterMinutes: 90 };
    expect(sequence([broken(), broken(), broken(), healthy()], after90Minutes)).toEqual([undefined, undefined, 'failure:contract', 'recovery:contract']);
  });

  test('a different set of failures is a change; the same set again is quiet', () => {
    const other = [...healthy(), check('auth.token-lifetime', 'failed')];
    expect(sequence([broken(), broken(), other, other, healthy()])).toEqual(['failure:contract', undefined, 'change:contract', undefined, 'recovery:contract']);
  });

  test('flaky runs are told only after three in a row, once, with no recovery', () => {
    const flaky = () => [...healthy(), check('paging.c0', 'flaky')];
    expect(sequence([flaky(), healthy(), flaky(), flaky()])).toEqual([undefined, undefined, undefined, undefined]);
    expect(sequence([flaky(), flaky(), flaky(), flaky(), healthy()])).toEqual([undefined, undefined, 'flaky', undefined, undefined]);
  });

  test('degraded runs alert after two, and clear with a recovery', () => {
    const slow = () => [...healthy(), check('paging.c0', 'degraded')];
    expect(sequence([slow(), slow(), slow(), healthy()])).toEqual([undefined, 'failure:slowness', undefined, 'recovery:slowness']);
  });

  test('a monitor error is its own incident, never a recovery, and leaves the contract incident as it was', () => {
    expect(sequence([broken(), 'monitor-error', 'monitor-error', healthy()])).toEqual([
      'failure:contract',
      'failure:monitor',
      undefined,
      'recovery:contract+recovery:monitor',
    ]);
    expect(sequence(['monitor-error', healthy(), healthy()])).toEqual(['failure:monitor', 'recovery:monitor', undefined]);
    // A monitor error between two passes is not a recovery of anything before it.
    expect(sequence([healthy(), 'monitor-error'])).toEqual([undefined, 'failure:monitor']);
  });

  test('each kind of trouble is its own incident: a broken contract, then an outage, then slowness, then health', () => {
    const slow = () => [...healthy(), check('paging.c0', 'degraded')];
    // The outage says nothing of the contract (no answer), so the contract incident stays open through it;
    // slowness shows both over (Pluvo answers, and every contract holds), and is told after its second run.
    expect(sequence([broken(), down(), down(), slow(), slow(), healthy()])).toEqual([
      'failure:contract',
      undefined,
      'failure:outage',
      'recovery:contract+recovery:outage',
      'failure:slowness',
      'recovery:slowness',
    ]);
  });

  test("each incident's since is its own start, and a recovery says after how long", () => {
    let state: TargetAlertState = EMPTY_TARGET_STATE;
    const alerts: Alert[] = [];
    const runs = [broken(), down(), down(), healthy()];
    runs.forEach((checks, hour) => {
      const at = new Date(Date.parse('2026-11-01T16:35:00Z') + hour * 240_000).toISOString();
      const decision = decideAlert(state, summary(checks, at), DEFAULT_POLICY, new Date(at));
      state = decision.next;
      alerts.push(...decision.alerts);
    });
    expect(alerts.map((alert) => [said(alert), alert.since, alert.runs])).toEqual([
      ['failure:contract', '2026-11-01T16:35:00.000Z', 1],
      ['failure:outage', '2026-11-01T16:39:00.000Z', 2],
      ['recovery:contract', '2026-11-01T16:35:00.000Z', 1],
      ['recovery:outage', '2026-11-01T16:39:00.000Z', 2],
    ]);
  });

  test('a blip held back says so, with the setting that holds it', () => {
    const decision = decideAlert(EMPTY_TARGET_STATE, summary(down()));
    expect(decision.alerts).toEqual([]);
    expect(decision.heldBack).toBe('Pluvo did not answer in 1 of 2 runs in a row before it is told (PLUVO_ALERT_AFTER_RUNS_UNAVAILABLE)');
  });

  test('notices are told once each, even on passing runs', () => {
    const first = decideAlert(EMPTY_TARGET_STATE, summary(healthy(), undefined, { notices: ['User.email is deprecated'] }));
    expect(first.alerts.map(said)).toEqual(['notice']);
    expect(decideAlert(first.next, summary(healthy(), undefined, { notices: ['User.email is deprecated'] })).alerts).toEqual([]);
  });
});

test.describe('Slack message', () => {
  /** The first alert of whatever the run's verdict opens. */
  const FAILURE = (run: RunSummary): Alert => ({ kind: 'failure', verdict: run.verdict, since: run.at, runs: 1 });
  const text = (message: ReturnType<typeof slackMessage>) => JSON.stringify(message);

  test('names each failure with what came back, links the report, mentions on failures only', () => {
    const message = slackMessage(FAILURE(summary(broken())), summary(broken(), undefined, { notices: ['User.email is deprecated'] }), {
      reportUrl: 'https://ci.example/report/index.html',
      mention: 'S0ONCALL',
    });
    expect(message.text).toMatch(/^<!subteam\^S0ONCALL> Pluvo contract broken: https:\/\/acme\.pluvo\.com \(1 failed, 20 passed, 0 skipped\)$/);
    expect(text(message)).toContain('title of auth.token-issued');
    expect(text(message)).toContain('what came back');
    expect(text(message)).toContain('User.email is deprecated');
    expect(text(message)).toContain("<https://ci.example/report/index.html|Open this run's report>");
    const recovery = slackMessage({ kind: 'recovery', incident: 'contract', verdict: 'failed', since: '2026-11-28T09:00:00Z', runs: 1 }, summary(healthy()), {
      mention: 'S0ONCALL',
    });
    expect(text(recovery)).not.toContain('S0ONCALL');
    expect(recovery.text).toMatch(/^Pluvo contracts hold again after 1 h/);
  });

  test('text from the target reaches Slack as text: no @channel, no injected link, nothing broken', () => {
    const hostile = {
      ...check('auth.token-issued', 'failed'),
      failures: [{ message: 'got <!channel> and <http://evil.example|click here> & more', cause: 'contract' as const }],
    };
    const message = slackMessage(FAILURE(summary([...healthy(), hostile])), summary([...healthy(), hostile]));
    expect(text(message)).not.toContain('<!channel>');
    expect(text(message)).not.toContain('<http://evil.example');
    expect(text(message)).toContain('&lt;!channel&gt; and &lt;http://evil.example|click here&gt; &amp; more');
  });

  test('Block Kit limits hold, and every cut says so', () => {
    const many = Array.from({ length: 70 }, (_, i) => ({
      ...check(`shape.s${i}`, 'failed'),
      failures: [{ message: `${i} ${'x'.repeat(5_000)}`, cause: 'contract' as const }],
    }));
    const run = summary(many, undefined, { target: 'y'.repeat(500), notices: ['n'] });
    const message = slackMessage(FAILURE(run), run, { reportUrl: 'https://ci.example/r' });
    const blocks = message.blocks!;
    expect(blocks.length).toBe(50);
    for (const block of blocks) {
      const body = (block as { text?: { text: string } }).text?.text ?? '';
      expect(body.length).toBeLessThanOrEqual(block.type === 'header' ? 150 : 3_000);
    }
    expect(text(message)).toContain(' …(cut)');
    expect(text(message)).toMatch(/…and 26 more \(cut to fit Slack; every check is in the report\)/);
  });

  test('the kinds read differently, and a monitor error says what failed', () => {
    const first = (run: RunSummary) => slackMessage(FAILURE(run), run).text;
    expect(first(summary(down()))).toMatch(/^Pluvo API unavailable/);
    expect(first(summary([...healthy(), check('paging.c0', 'degraded')]))).toMatch(/^Pluvo is slow:/);
    expect(first(summary([check('a', 'failed', 'budget')]))).toMatch(/^The monitor ran out of its own budget \(no verdict on Pluvo\)/);
    const broke = summary([], undefined, { verdict: 'monitor-error' as RunVerdict, monitorError: 'no check ran' });
    const error = slackMessage(FAILURE(broke), broke);
    expect(error.text).toMatch(/^The monitor itself failed \(no verdict on Pluvo\)/);
    expect(text(error)).toContain('*The monitor itself failed:* no check ran');
    const back = { kind: 'recovery' as const, incident: 'monitor' as const, verdict: 'monitor-error' as const, since: '2026-11-28T09:18:00Z', runs: 2 };
    expect(slackMessage(back, summary(healthy())).text).toMatch(/^The monitor runs again after 42 min/);
    const answers = { kind: 'recovery' as const, incident: 'outage' as const, verdict: 'unavailable' as const, since: '2026-11-28T09:18:00Z', runs: 2 };
    expect(slackMessage(answers, summary(healthy())).text).toMatch(/^Pluvo answers again after 42 min/);
  });

  test('no secret survives into the message', () => {
    const leaky = {
      ...check('a', 'failed'),
      failures: [
        { message: 'got Bearer abcdefghijklmnopqrstuvwx and {"access_token":"zzz"} via https://hooks.slack.com/services/T1/B2/C3', cause: 'contract' as const },
      ],
    };
    const message = text(slackMessage(FAILURE(summary([leaky])), summary([leaky])));
    expect(message).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(message).not.toContain('zzz');
    expect(message).not.toContain('T1/B2/C3');
  });
});

test.describe('alert files: atomic, per target, and never a crash', () => {
  const dir = () => mkdtempSync(join(scratchDir(), 'pluvo-alert-files-'));

  test('state is kept per target and written whole', () => {
    const files = new AlertFiles(dir());
    const a = { incidents: { outage: { since: '2026-11-01T00:00:00Z', runs: 2, what: 'Pluvo did not answer' } }, flakyRuns: 0 };
    files.writeStates({ 'https://a.pluvo.com': a });
    files.writeStates({ 'https://b.pluvo.com': { incidents: {}, flakyRuns: 1 } });
    expect(files.readStates()['https://a.pluvo.com']).toEqual(a);
    expect(files.readStates()['https://b.pluvo.com']).toEqual({ incidents: {}, flakyRuns: 1 });
    expect(files.readStates().sandbox).toBeUndefined();
  });

  for (const [what, content] of [
    ['not JSON', '{"targets": '],
    ['the wrong types', '{"alertedFingerprint":123}'],
    ['a target of the wrong shape', '{"targets":{"x":{"badRuns":"many","flakyRuns":0}}}'],
  ] as const) {
    test(`a state file of ${what} is set aside with a warning and started afresh`, () => {
      const where = dir();
      writeFileSync(join(where, 'state.json'), content);
      const warnings: string[] = [];
      const files = new AlertFiles(where, (line) => warnings.push(line));
      expect(files.readStates()).toEqual({});
      expect(warnings).toEqual([expect.stringMatching(/^alert: .*state\.json .*; set aside as .*state\.json\.broken-.* and started afresh/)]);
      expect(readdirSync(where).filter((name) => name.startsWith('state.json.broken-'))).toHaveLength(1);
      files.writeStates({ x: { incidents: {}, flakyRuns: 1 } });
      expect(files.readStates().x?.flakyRuns).toBe(1);
    });
  }

  test('a directory where state.json should be is set aside like any broken state', () => {
    const where = dir();
    mkdirSync(join(where, 'state.json'));
    const files = new AlertFiles(where, () => undefined);
    files.writeStates({ x: { incidents: {}, flakyRuns: 1 } });
    expect(files.readStates().x?.flakyRuns).toBe(1);
  });

  test('a reports folder that cannot be written throws, for the reporter to print as one line', () => {
    const notADirectory = join(dir(), 'reports');
    writeFileSync(notADirectory, 'a file, not a folder');
    expect(() => new AlertFiles(notADirectory).writeStates({ x: EMPTY_TARGET_STATE })).toThrow(/EEXIST|ENOTDIR/);
  });

  test(`history keeps ${HISTORY_DAYS} days and skips lines it cannot read`, () => {
    const where = dir();
    const files = new AlertFiles(where, () => undefined);
    writeFileSync(join(where, 'history.jsonl'), '{"at":"2020-01-01T00:00:00Z","status":"passed"}\nnot json\n');
    const old = historyLine(summary(healthy(), '2026-06-01T00:00:00Z'), []);
    files.appendHistory(old, new Date('2026-06-01T00:00:00Z'));
    const failure: Alert = { kind: 'failure', incident: 'contract', verdict: 'failed' };
    const kept = files.appendHistory(historyLine(summary(broken(), '2026-11-28T10:00:00Z'), [failure]), new Date('2026-11-28T10:00:00Z'));
    expect(kept.map((line) => [line.at, line.verdict, line.alerts])).toEqual([['2026-11-28T10:00:00Z', 'failed', [{ kind: 'failure', incident: 'contract' }]]]);
    const stored = readFileSync(join(where, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(stored).toHaveLength(1);
    expect(stored[0].checks['auth.token-issued']).toEqual(['failed', 10, 20]);
  });
});
