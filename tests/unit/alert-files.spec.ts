import { test, expect } from '../contract/base-test';
import { record } from '../support/records';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertFiles, HISTORY_DAYS, historyLine, type HistoryLine } from '../../src/report/alert-files';
import type { RunSummary } from '../../src/report/run-summary';
import { scratchDir } from '../support/scratch';

/**
 * What the alert files accept as state and history, field by field, and what they say about the
 * rest. tests/unit/alerting.spec.ts covers the files' life across runs.
 */

const folder = () => mkdtempSync(join(scratchDir(), 'pluvo-alert-files-'));
const day = 86_400_000;
/** A time in ms as a history line writes it. */
const at = (ms: number) => new Date(ms).toISOString();
const told = { fingerprint: 'contract:auth.a', at: '2026-11-01T00:00:00Z', lastAt: '2026-11-01T01:00:00Z', reminders: 0 };
const contract = { since: '2026-11-01T00:00:00Z', runs: 2, what: '1 contract broken: A', told };
const good = { incidents: { contract, outage: { since: '2026-11-01T01:00:00Z', runs: 1, what: 'Pluvo did not answer' } }, flakyRuns: 0, noticed: 'n' };
/** The one streak an older version kept. */
const older = {
  badRuns: 3,
  flakyRuns: 0,
  badSince: '2026-11-01T00:00:00Z',
  noticed: 'n',
  told: { ...told, kind: 'incident', fingerprint: 'failed:auth.a', what: 'failed: 1 contract broken: A' },
};

function withState(content: unknown) {
  const dir = folder();
  writeFileSync(join(dir, 'state.json'), typeof content === 'string' ? content : JSON.stringify(content));
  const warnings: string[] = [];
  return { dir, warnings, files: new AlertFiles(dir, (line) => warnings.push(line)) };
}

test.describe('alert state: every field of the wrong type is broken state', () => {
  test('a whole state is read as it was written, every field included', () => {
    const flaky = { flakyRuns: 3, flakyTold: { ...told, fingerprint: 'flaky:a', what: '1 check passed only on retry: A' }, incidents: {} };
    const { files, warnings } = withState({ targets: { a: good, b: flaky } });
    expect(files.readStates()).toEqual({ a: good, b: flaky });
    expect(warnings).toEqual([]);
  });

  test("a sink's own state: kept per target beside the others', dropped once the sink is not given, and set aside in one line when broken", () => {
    const untold = { incidents: { contract: { since: contract.since, runs: 2, what: contract.what } }, flakyRuns: 0 };
    const { files, warnings, dir } = withState({ targets: { a: good, b: good } });
    files.writeStates({ a: good }, { pagerduty: { a: untold } });
    files.writeStates({ b: good }, { pagerduty: { b: untold }, slack: {} });
    // b's run kept a's: a sink's state of a target leaves only with a run of that target.
    expect(files.readAlertState().sinks).toEqual({ pagerduty: { a: untold, b: untold } });
    files.writeStates({ a: good }, { slack: {} });
    expect(files.readAlertState().sinks).toEqual({});
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({ targets: { a: good, b: good } });
    const broken = withState({ targets: { a: good }, sinks: { pagerduty: { a: { incidents: 'none' } } } });
    // One read: the targets' states kept, the broken part dropped, said once.
    expect(broken.files.readAlertState()).toEqual({ targets: { a: good }, sinks: {} });
    expect(broken.warnings).toEqual([
      `${join(broken.dir, 'state.json')}: what each sink was told does not have the shape of alert state; every sink is taken as told what the others were.`,
    ]);
    expect(warnings).toEqual([]);
  });

  test("an older version's one streak becomes the incident its told verdict opens, so an upgrade neither repeats an alert nor loses a recovery", () => {
    const monitor = { ...older, told: { ...older.told, kind: 'monitor-error', fingerprint: 'monitor-error:no check ran', what: 'the monitor itself failed' } };
    const flaky = { badRuns: 0, flakyRuns: 4, told: { ...older.told, kind: 'flaky', fingerprint: 'flaky:a', what: 'flaky' } };
    const { files, warnings } = withState({ targets: { a: older, b: monitor, c: flaky, d: { badRuns: 1, flakyRuns: 0 } } });
    expect(files.readStates()).toEqual({
      a: {
        incidents: { contract: { since: older.badSince, runs: 3, what: 'failed: 1 contract broken: A', told: { ...told, fingerprint: 'contract:auth.a' } } },
        flakyRuns: 0,
        noticed: 'n',
      },
      b: {
        incidents: { monitor: { since: older.badSince, runs: 3, what: 'the monitor itself failed', told: { ...told, fingerprint: 'monitor' } } },
        flakyRuns: 0,
        noticed: 'n',
      },
      c: { incidents: {}, flakyRuns: 4, flakyTold: { ...told, fingerprint: 'flaky:a', what: 'flaky' } },
      // A streak never told: which kind it was is not known, and a blip needs no recovery.
      d: { incidents: {}, flakyRuns: 0 },
    });
    expect(warnings).toEqual([]);
  });

  const broken: Array<[string, unknown]> = [
    ['null', null],
    ['no targets', {}],
    ['targets as a list', { targets: [good] }],
    ['a target that is null', { targets: { a: null } }],
    ['a target that is a list', { targets: { a: [] } }],
    ['flakyRuns missing', { targets: { a: { incidents: {} } } }],
    ['flakyRuns as text', { targets: { a: { ...good, flakyRuns: '0' } } }],
    ['noticed as a number', { targets: { a: { ...good, noticed: 1 } } }],
    ['an incident of an unknown kind', { targets: { a: { ...good, incidents: { weather: contract } } } }],
    ['an incident without a start', { targets: { a: { ...good, incidents: { contract: { ...contract, since: 1 } } } } }],
    ['an incident without a run count', { targets: { a: { ...good, incidents: { contract: { ...contract, runs: '2' } } } } }],
    ['an incident without words', { targets: { a: { ...good, incidents: { contract: { ...contract, what: null } } } } }],
    ['told as text', { targets: { a: { ...good, incidents: { contract: { ...contract, told: 'yes' } } } } }],
    ['told without a fingerprint', { targets: { a: { ...good, incidents: { contract: { ...contract, told: { ...told, fingerprint: 1 } } } } } }],
    ['told without a time', { targets: { a: { ...good, incidents: { contract: { ...contract, told: { ...told, at: null } } } } } }],
    ['told without a last time', { targets: { a: { ...good, incidents: { contract: { ...contract, told: { ...told, lastAt: 5 } } } } } }],
    ['told without a reminder count', { targets: { a: { ...good, incidents: { contract: { ...contract, told: { ...told, reminders: '0' } } } } } }],
    ['a flaky streak told without words', { targets: { a: { ...good, flakyTold: told } } }],
    ['an older streak with badRuns missing', { targets: { a: { flakyRuns: 0 } } }],
    ['an older streak with badSince as a number', { targets: { a: { ...older, badSince: 1 } } }],
    ['an older streak told of an unknown kind', { targets: { a: { ...older, told: { ...older.told, kind: 'other' } } } }],
    ['one good target and one broken', { targets: { a: good, b: { badRuns: 'x', flakyRuns: 0 } } }],
  ];
  for (const [what, content] of broken) {
    test(`${what}: set aside, with one line that says so, and started afresh`, () => {
      const { dir, files, warnings } = withState(content);
      expect(files.readStates()).toEqual({});
      const [aside] = readdirSync(dir).filter((name) => name.startsWith('state.json.broken-'));
      expect(aside).toMatch(/^state\.json\.broken-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
      expect(warnings).toEqual([
        `alert: ${files.statePath} does not have the shape of alert state; set aside as ${join(dir, aside!)} and started afresh (at worst one alert repeats).`,
      ]);
      expect(existsSync(files.statePath)).toBe(false);
    });
  }

  test('text that is not JSON says what the parser said, on one line', () => {
    const { dir, files, warnings } = withState('{"targets": ');
    expect(files.readStates()).toEqual({});
    const [aside] = readdirSync(dir).filter((name) => name.startsWith('state.json.broken-'));
    expect(warnings).toEqual([
      `alert: ${files.statePath} is not readable JSON (${messageOf(() => JSON.parse('{"targets": '))}); set aside as ${join(dir, aside!)} and started afresh (at worst one alert repeats).`,
    ]);
  });

  test('no state file is no state, and no warning', () => {
    const warnings: string[] = [];
    expect(new AlertFiles(folder(), (line) => warnings.push(line)).readStates()).toEqual({});
    expect(warnings).toEqual([]);
  });

  test('without a warn function, warnings go to stdout as lines', () => {
    const { dir } = withState('nope');
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stdout.write;
    try {
      new AlertFiles(dir).readStates();
    } finally {
      process.stdout.write = write;
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^alert: .*state\.json is not readable JSON .*\n$/);
  });
});

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
  return '';
}

const line = (at: string, extra: Partial<HistoryLine> = {}): HistoryLine => ({
  at,
  target: 'acme',
  targetKey: 'acme',
  verdict: 'passed',
  counts: { passed: 1, failed: 0, flaky: 0, degraded: 0, skipped: 0 },
  checks: { a: ['passed', 1, 2] },
  ...extra,
});

test.describe('history: lines that are not run history are skipped, and counted once', () => {
  test('each line without its time, verdict, checks or target is skipped; blank lines are not counted', () => {
    const dir = folder();
    const valid = line('2026-11-01T00:00:00Z');
    const { at: _at, ...noTime } = valid;
    const { verdict: _verdict, ...noVerdict } = valid;
    const { targetKey: _key, ...noKey } = valid;
    const text = [
      JSON.stringify(valid),
      '',
      '   ',
      JSON.stringify(noTime),
      JSON.stringify(noVerdict),
      JSON.stringify({ ...valid, checks: [] }),
      JSON.stringify({ ...valid, checks: null }),
      JSON.stringify(noKey),
      JSON.stringify({ ...valid, at: 5 }),
      'not json',
      JSON.stringify(valid),
    ].join('\n');
    writeFileSync(join(dir, 'history.jsonl'), text);
    const warnings: string[] = [];
    const files = new AlertFiles(dir, (warning) => warnings.push(warning));
    expect(files.readHistory()).toEqual([valid, valid]);
    expect(warnings).toEqual([`alert: skipped 7 lines of ${files.historyPath} that are not run history (older format or damaged).`]);
  });

  test('a clean history, or none, warns of nothing', () => {
    const dir = folder();
    const warnings: string[] = [];
    const files = new AlertFiles(dir, (warning) => warnings.push(warning));
    expect(files.readHistory()).toEqual([]);
    files.appendHistory(line('2026-11-01T00:00:00Z'));
    expect(files.readHistory()).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  test(`appending keeps ${HISTORY_DAYS} days before the run's own time, the boundary included, one JSON line each`, () => {
    const dir = folder();
    const files = new AlertFiles(dir, () => undefined);
    const now = '2026-12-01T00:00:00.000Z';
    const boundary = at(Date.parse(now) - HISTORY_DAYS * day);
    const tooOld = new Date(Date.parse(boundary) - 1).toISOString();
    files.appendHistory([line(tooOld), line(boundary)], new Date(now));
    // Without a time given, the first line's own time is "now".
    const kept = files.appendHistory([line(now), line('2026-12-01T00:00:01.000Z', { targetKey: 'beta' })]);
    expect(kept.map((entry) => entry.at)).toEqual([boundary, now, '2026-12-01T00:00:01.000Z']);
    expect(readFileSync(files.historyPath, 'utf8')).toBe(`${kept.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
  });

  test('a run appends its lines; the file is rewritten only once a line is a day past the kept days, or to drop a line an append left cut', () => {
    const dir = folder();
    const files = new AlertFiles(dir, () => undefined);
    const start = Date.parse('2026-09-01T00:00:00.000Z');
    files.appendHistory(line(at(start)));
    // The same file, grown: an append (its inode stays), not an atomic rewrite (a new file renamed over it).
    const inode = () => statSync(files.historyPath).ino;
    const first = inode();
    const halfDayPast = at(start + HISTORY_DAYS * day + day / 2);
    const kept = files.appendHistory(line(halfDayPast));
    expect([inode(), kept.map((entry) => entry.at)]).toEqual([first, [halfDayPast]]);
    // The first line is past the kept days, so no longer history, but still in the file until a day past them.
    expect(readFileSync(files.historyPath, 'utf8').trim().split('\n')).toHaveLength(2);
    const dayPast = at(start + (HISTORY_DAYS + 1) * day + 1);
    expect(files.appendHistory(line(dayPast)).map((entry) => entry.at)).toEqual([halfDayPast, dayPast]);
    expect(inode()).not.toBe(first);
    expect(readFileSync(files.historyPath, 'utf8')).toBe(`${JSON.stringify(line(halfDayPast))}\n${JSON.stringify(line(dayPast))}\n`);
    // An append cut short (the disk filled, the machine stopped): the next run drops the cut line and writes whole lines again.
    appendFileSync(files.historyPath, JSON.stringify(line(at(start + (HISTORY_DAYS + 1) * day + 2))).slice(0, 40));
    const later = at(start + (HISTORY_DAYS + 1) * day + 3);
    files.appendHistory(line(later));
    expect(readFileSync(files.historyPath, 'utf8')).toBe(`${[halfDayPast, dayPast, later].map((when) => JSON.stringify(line(when))).join('\n')}\n`);
  });

  test("the day's rewrite copies the rows it keeps byte for byte (as a person or an older version wrote them), ends each with a newline, and leaves no temporary file", () => {
    const dir = folder();
    const files = new AlertFiles(dir, () => undefined);
    const now = Date.parse('2026-12-01T00:00:00.000Z');
    const aged = JSON.stringify(line(at(now - (HISTORY_DAYS + 2) * day)));
    // Spaced out, its keys in another order, a name in another script: still history, and kept as it is.
    const byHand = `{ "verdict": "passed", "at": "${at(now - day)}", "target": "Ωmega — café", "targetKey": "omega", "counts": {}, "checks": { "a": ["passed", 1, 2] } }`;
    const written = JSON.stringify(line(at(now - day / 2)));
    // The last row without its newline (a file edited by hand): kept, and ended with one.
    writeFileSync(files.historyPath, `${aged}\n${byHand}\n\n${written}`);
    const kept = files.appendHistory(line(at(now)), new Date(now));
    expect(kept.map((entry) => entry.target)).toEqual(['Ωmega — café', 'acme', 'acme']);
    expect(readFileSync(files.historyPath, 'utf8')).toBe(`${byHand}\n${written}\n${JSON.stringify(line(at(now)))}\n`);
    expect(readdirSync(dir)).toEqual(['history.jsonl']);
  });

  test('lines read back share one array for the same check outcome, and keep every outcome as written', () => {
    const dir = folder();
    const outcomes: HistoryLine['checks'] = {
      a: ['passed', 10, 20],
      b: ['skipped', null, null],
      // The timings that stand for none, as real ones; and timings past what a small key holds.
      c: ['passed', 4_095, 16_383],
      d: ['passed', 5_000, 20_000],
      e: ['failed', 10, 20],
      f: ['passed', 10, 21],
    };
    writeFileSync(
      join(dir, 'history.jsonl'),
      `${JSON.stringify(line('2026-11-30T10:00:00Z', { checks: outcomes }))}\n${JSON.stringify(line('2026-11-30T11:00:00Z', { checks: outcomes }))}\n`,
    );
    const [first, second] = new AlertFiles(dir).readHistory();
    expect([first!.checks, second!.checks]).toEqual([outcomes, outcomes]);
    for (const id of Object.keys(outcomes)) expect(second!.checks[id], id).toBe(first!.checks[id]);
    // Different outcomes stay apart.
    expect(new Set(Object.values(first!.checks)).size).toBe(6);
  });

  test("a history line from a run's summary: timings rounded, absent ones null, the monitor error, the alert, what it said and the report when there are", () => {
    const summary: RunSummary = {
      at: '2026-12-01T00:00:00Z',
      target: 'acme (x)',
      targetKey: 'acme',
      verdict: 'monitor-error',
      monitorError: 'no check ran',
      checks: [
        record({ checkId: 'a', title: 'A', outcome: 'failed', latency: { p50Ms: 10.4, p95Ms: 20.6, verdict: 'ok' } }),
        record({ checkId: 'b', title: 'B', outcome: 'skipped' }),
      ],
      notices: [],
    };
    expect(historyLine(summary, [{ kind: 'failure', incident: 'monitor', verdict: 'monitor-error' }], 'https://ci.example/runs/9')).toStrictEqual({
      at: '2026-12-01T00:00:00Z',
      target: 'acme (x)',
      targetKey: 'acme',
      verdict: 'monitor-error',
      monitorError: 'no check ran',
      counts: { passed: 0, failed: 1, flaky: 0, degraded: 0, skipped: 1, 'not-run': 0 },
      checks: { a: ['failed', 10, 21], b: ['skipped', null, null] },
      alerts: [{ kind: 'failure', incident: 'monitor' }],
      // What the console said under the verdict, the failing checks' titles, and the published report: an incident in words.
      said: 'the monitor itself failed: no check ran',
      titles: { a: 'A' },
      report: 'https://ci.example/runs/9',
    });
    const { monitorError: _none, ...passed } = summary;
    const held = { ...passed, verdict: 'passed' as const, checks: [record({ checkId: 'b', title: 'B', outcome: 'passed' })] };
    expect(Object.keys(historyLine(held, []))).toEqual(['at', 'target', 'targetKey', 'verdict', 'counts', 'checks']);
    // What it said, cut to the gist where it is long, and saying so: never a word cut off silently.
    const long = { ...summary, monitorError: `no check ran: ${'because '.repeat(60)}` };
    const said = historyLine(long, []).said!;
    expect(said).toHaveLength(300);
    expect(said).toMatch(/^the monitor itself failed: no check ran: because because .*…$/);
  });

  test('the Slack message is kept as indented JSON, written whole', () => {
    const files = new AlertFiles(folder(), () => undefined);
    files.writeMessage({ text: 'hi' });
    expect(readFileSync(files.messagePath, 'utf8')).toBe('{\n  "text": "hi"\n}\n');
    expect(readdirSync(join(files.messagePath, '..')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a write that fails (a full disk, a folder in the way) throws, and leaves no temporary file behind', () => {
    const dir = folder();
    const files = new AlertFiles(dir, () => undefined);
    mkdirSync(files.messagePath);
    expect(() => files.writeMessage({ text: 'hi' })).toThrow();
    expect(readdirSync(dir).filter((name) => name !== 'slack-message.json')).toEqual([]);
  });
});
