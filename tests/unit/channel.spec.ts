import { test, expect } from '../contract/base-test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askForReport, serveEngine, type EngineAnswers, type ReportQuestion } from '../../src/engine/channel';
import type { CheckReport } from '../../src/engine/check-report';
import { scratchDir } from '../support/scratch';

/**
 * The one channel between a run's processes (src/engine/channel.ts), served and asked in this
 * process: a worker's tests take a target's first reports from one stream, in whatever order the
 * checks end, and ask alone for a retry, a check the stream does not carry, and a report whose
 * attachments are to be files in the test's own folder.
 */
const passed = (say: string): CheckReport => ({ annotations: [], attachments: [], say, end: { kind: 'passed' } });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

async function served(answers: Partial<EngineAnswers>) {
  const asked: ReportQuestion[] = [];
  const streamed: string[] = [];
  const server = await serveEngine({
    plan: () => ({ targets: [], checks: [] }),
    report: async (question) => {
      asked.push(question);
      return passed(`alone: ${question.check} attempt ${question.attempt}`);
    },
    reportsOf: (target) => {
      streamed.push(target);
      return answers.reportsOf?.(target) ?? [];
    },
    own: async () => ({ unknownTarget: '' }),
  });
  return { asked, streamed, close: server.close };
}

test("a target's reports come down one stream, in the order the checks end, each to the test that asks for it", async () => {
  const [first, second] = [deferred<CheckReport>(), deferred<CheckReport>()];
  const engine = await served({
    reportsOf: () => [
      { check: 'a', report: first.promise },
      { check: 'b', report: second.promise },
    ],
  });
  try {
    const asking = [
      askForReport({ target: 'streamed', check: 'a', attempt: 0 }, process.pid),
      askForReport({ target: 'streamed', check: 'b', attempt: 0 }, process.pid),
    ];
    // The second check ends first: its test has its report while the first's still waits.
    second.resolve(passed('b from the stream'));
    expect((await asking[1])!.say).toBe('b from the stream');
    first.resolve(passed('a from the stream'));
    expect((await asking[0])!.say).toBe('a from the stream');
    expect(engine.streamed).toEqual(['streamed']);
    expect(engine.asked).toEqual([]);
    // A retry looks afresh, alone.
    expect((await askForReport({ target: 'streamed', check: 'a', attempt: 1 }, process.pid)).say).toBe('alone: a attempt 1');
  } finally {
    await engine.close();
  }
});

test('a check the stream does not carry, and every check when the run has not begun, is asked for alone', async () => {
  const engine = await served({ reportsOf: (target) => (target === 'begun' ? [{ check: 'a', report: Promise.resolve(passed('a from the stream')) }] : []) });
  try {
    expect((await askForReport({ target: 'begun', check: 'a', attempt: 0 }, process.pid)).say).toBe('a from the stream');
    expect((await askForReport({ target: 'begun', check: 'z', attempt: 0 }, process.pid)).say).toBe('alone: z attempt 0');
    expect((await askForReport({ target: 'not begun', check: 'a', attempt: 0 }, process.pid)).say).toBe('alone: a attempt 0');
    expect(engine.asked.map((question) => `${question.target}/${question.check}`)).toEqual(['begun/z', 'not begun/a']);
  } finally {
    await engine.close();
  }
});

test("a report with attachments too large for messages is asked for alone, with the test's folder its files are written to", async () => {
  const body = 'x'.repeat(100 * 1024);
  const large: CheckReport = { annotations: [], attachments: [{ name: 'exchange-1.json', contentType: 'application/json', body }], end: { kind: 'passed' } };
  const outputDir = join(mkdtempSync(join(scratchDir(), 'pluvo-channel-')), 'test-output');
  const asked: ReportQuestion[] = [];
  const server = await serveEngine({
    plan: () => ({ targets: [], checks: [] }),
    report: async (question) => {
      asked.push(question);
      const { withAttachmentFiles } = await import('../../src/engine/check-report');
      return question.outputDir ? withAttachmentFiles(large, question.outputDir) : large;
    },
    reportsOf: () => [{ check: 'big', report: Promise.resolve(large) }],
    own: async () => ({ unknownTarget: '' }),
  });
  try {
    const report = await askForReport({ target: 'large', check: 'big', attempt: 0, outputDir }, process.pid);
    expect(asked.map((question) => question.outputDir)).toEqual([outputDir]);
    const [attachment] = report.attachments;
    expect(attachment && 'path' in attachment && existsSync(attachment.path) && readFileSync(attachment.path, 'utf8')).toBe(body);
  } finally {
    await server.close();
  }
});
