import { request, createServer, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasAttachmentFiles, type CheckReport } from './check-report';
import type { OwnAnswer, OwnQuery } from './engine';
import type { SuitePlan } from './suite-plan';

/**
 * The one channel between processes of a run: a contract test, in a Playwright worker, asks the
 * engine (in the runner, the worker's parent) for its check's report. Every message is named here.
 *
 * The runner listens on a local socket named after its own pid, so a worker finds it by its parent
 * pid alone: no environment variable and no file carries it. On Linux the name is abstract (no file
 * at all, gone with the process); elsewhere it is a socket file in the system's temp, removed on close.
 */
export interface ReportQuestion {
  /** The target's name in the targets file, or '' for the one target of a run without one. */
  target: string;
  check: string;
  /** 0 for the run's first attempt; a retry asks afresh. */
  attempt: number;
  /** The test's own output folder, where the engine writes its attachments. */
  outputDir?: string;
}

/** A user's own check asks its target's query (src/own/test.ts): by the target's name, '' for the one target. */
export interface OwnQuestion extends OwnQuery {
  target: string;
}

/**
 * The messages: a worker asks for the suite's plan (its tests' titles) as it loads the suite, then
 * for the reports of a target's checks, which come down one stream each as it is in (a line of
 * JSON a check: its report, or that it is to be asked for alone); a retry, and a report too large
 * for the stream, is asked for alone. A user's own check asks for its target, then sends its queries.
 */
const REPORT = '/report';
const REPORTS = '/reports';
const PLAN = '/plan';
const OWN = '/own';
const MAX_QUESTION_BYTES = 64 * 1024;

export function engineAddress(runnerPid: number): string {
  return process.platform === 'linux' ? `\0pluvo-engine-${runnerPid}` : join(tmpdir(), `pluvo-engine-${runnerPid}.sock`);
}

/** What the runner answers: each message by the function that answers it. */
export interface EngineAnswers {
  plan: () => SuitePlan;
  report: (question: ReportQuestion) => Promise<CheckReport>;
  /** The first reports of a target's selected checks, each settling when it is in. */
  reportsOf: (target: string) => Array<{ check: string; report: Promise<CheckReport> }>;
  own: (question: OwnQuestion) => Promise<OwnAnswer>;
}

/** A line of the reports stream: a check's report, or (too large to stream, with files to write) that it is to be asked for alone. */
type StreamedReport = { check: string; report: CheckReport } | { check: string; askAlone: true };

/** Serve the plan, the reports and the own checks' queries from this process (the runner) until closed. */
export async function serveEngine(answers: EngineAnswers): Promise<{ close: () => Promise<void> }> {
  const address = engineAddress(process.pid);
  if (!address.startsWith('\0')) rmSync(address, { force: true });
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_QUESTION_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () => {
      if (incoming.url === PLAN) {
        outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers.plan()));
        return;
      }
      const text = size <= MAX_QUESTION_BYTES ? Buffer.concat(chunks).toString('utf8') : '';
      if (incoming.url === REPORTS) {
        const target = parseTarget(text);
        if (target === undefined) outgoing.writeHead(400).end();
        else streamReports(answers.reportsOf(target), outgoing);
        return;
      }
      const own = incoming.url === OWN ? parseOwnQuestion(text) : undefined;
      const question = incoming.url === REPORT ? parseQuestion(text) : undefined;
      const answering = own ? answers.own(own) : question ? answers.report(question) : undefined;
      if (!answering) {
        outgoing.writeHead(400).end();
        return;
      }
      answering.then(
        (report) => outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report)),
        (error: unknown) => outgoing.writeHead(500).end(String(error)),
      );
    });
  });
  // A check may take minutes (a full walk): the question is small, the answer comes when it comes.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => resolve());
  });
  server.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        if (!address.startsWith('\0')) rmSync(address, { force: true });
      }),
  };
}

/**
 * Each report down the stream as it is in, in whatever order the checks end: the worker holds it
 * until its test asks. A report whose attachments are to be files is asked for alone, by the test
 * that knows its output folder.
 */
function streamReports(reports: Array<{ check: string; report: Promise<CheckReport> }>, outgoing: ServerResponse): void {
  outgoing.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const written = reports.map(({ check, report }) =>
    report.then(
      (found) => {
        const line: StreamedReport = hasAttachmentFiles(found) ? { check, askAlone: true } : { check, report: found };
        if (!outgoing.destroyed) outgoing.write(`${JSON.stringify(line)}\n`);
      },
      // The test asks alone, and hears the error there.
      () => {
        if (!outgoing.destroyed) outgoing.write(`${JSON.stringify({ check, askAlone: true } satisfies StreamedReport)}\n`);
      },
    ),
  );
  void Promise.all(written).then(() => outgoing.end());
}

/**
 * Ask the runner of this worker for a check's report: a first attempt from its target's stream
 * (opened by the first of its tests this worker runs), anything else alone.
 */
export async function askForReport(question: ReportQuestion, runnerPid: number = process.ppid): Promise<CheckReport> {
  if (question.attempt === 0) {
    const streamed = await streamedReport(question.target, question.check, runnerPid);
    if (streamed) return streamed;
  }
  return ask<CheckReport>(REPORT, question, runnerPid);
}

/** The reports streamed to this worker so far, by target, then check: each a promise its test awaits (a worker has one runner). */
const streams = new Map<string, ReportStream>();

interface ReportStream {
  pending: Map<string, { promise: Promise<CheckReport | undefined>; resolve: (report: CheckReport | undefined) => void }>;
  ended: boolean;
}

/** A check's report from its target's stream; undefined when the stream does not carry it (ask alone). */
function streamedReport(target: string, check: string, runnerPid: number): Promise<CheckReport | undefined> {
  let stream = streams.get(target);
  if (!stream) {
    stream = { pending: new Map(), ended: false };
    streams.set(target, stream);
    openStream(target, stream, runnerPid);
  }
  const current = stream;
  // Held only until its test has it: a retry asks alone.
  return awaited(current, check).promise.finally(() => current.pending.delete(check));
}

/** A check's place in its stream, made by whichever comes first: its test's question, or its line. */
function awaited(stream: ReportStream, check: string) {
  let entry = stream.pending.get(check);
  if (!entry) {
    let resolve: (report: CheckReport | undefined) => void = () => undefined;
    // An ended stream carries nothing more: the test asks alone.
    const promise = stream.ended ? Promise.resolve(undefined) : new Promise<CheckReport | undefined>((done) => (resolve = done));
    entry = { promise, resolve };
    stream.pending.set(check, entry);
  }
  return entry;
}

function openStream(target: string, stream: ReportStream, runnerPid: number): void {
  const body = JSON.stringify({ target });
  const end = () => {
    stream.ended = true;
    for (const entry of stream.pending.values()) entry.resolve(undefined);
  };
  const outgoing = request(
    {
      socketPath: engineAddress(runnerPid),
      path: REPORTS,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (incoming) => {
      if (incoming.statusCode !== 200) {
        incoming.resume();
        end();
        return;
      }
      let rest = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          let streamed: StreamedReport;
          try {
            streamed = JSON.parse(line) as StreamedReport;
          } catch {
            // Not a line this module wrote: the stream is not to be trusted, and each test asks alone.
            incoming.destroy();
            end();
            return;
          }
          awaited(stream, streamed.check).resolve('report' in streamed ? streamed.report : undefined);
        }
      });
      incoming.on('end', end);
      incoming.on('error', end);
    },
  );
  // Unreachable or cut: each test asks alone, and hears why there.
  outgoing.on('error', end);
  outgoing.end(body);
}

/** Ask the runner of this worker for a user's own check's target, or to send its query. */
export function askOwnQuery(question: OwnQuestion, runnerPid: number = process.ppid): Promise<OwnAnswer> {
  return ask<OwnAnswer>(OWN, question, runnerPid);
}

/** Ask the runner of this process for the suite's plan; undefined when no engine runs there (a `--list` of the suite). */
export async function askForPlan(runnerPid: number = process.ppid): Promise<SuitePlan | undefined> {
  try {
    return await ask<SuitePlan>(PLAN, {}, runnerPid);
  } catch (error) {
    if (error instanceof EngineUnreachable) return undefined;
    throw error;
  }
}

class EngineUnreachable extends Error {}

function ask<T>(path: string, question: object, runnerPid: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(question);
    const outgoing = request(
      {
        socketPath: engineAddress(runnerPid),
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (incoming.statusCode !== 200) reject(new Error(`the run's engine could not answer: HTTP ${incoming.statusCode} ${text.slice(0, 200)}`));
          else resolve(JSON.parse(text) as T);
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', (error) =>
      reject(
        new EngineUnreachable(
          `the run's engine is not reachable (${error.message}): run the suite through npm start, or playwright test with playwright.config.ts`,
        ),
      ),
    );
    outgoing.end(body);
  });
}

function parseTarget(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { target?: unknown };
    return typeof value.target === 'string' ? value.target : undefined;
  } catch {
    return undefined;
  }
}

function parseOwnQuestion(text: string): OwnQuestion | undefined {
  try {
    const value = JSON.parse(text) as Partial<OwnQuestion>;
    if (typeof value.target !== 'string' || (value.query !== undefined && typeof value.query !== 'string')) return undefined;
    const variables = value.variables !== null && typeof value.variables === 'object' && !Array.isArray(value.variables) ? value.variables : undefined;
    return { target: value.target, ...(value.query !== undefined ? { query: value.query } : {}), ...(variables ? { variables } : {}) };
  } catch {
    return undefined;
  }
}

function parseQuestion(text: string): ReportQuestion | undefined {
  try {
    const value = JSON.parse(text) as Partial<ReportQuestion>;
    if (typeof value.target !== 'string' || typeof value.check !== 'string' || typeof value.attempt !== 'number') return undefined;
    return { target: value.target, check: value.check, attempt: value.attempt, ...(typeof value.outputDir === 'string' ? { outputDir: value.outputDir } : {}) };
  } catch {
    return undefined;
  }
}
