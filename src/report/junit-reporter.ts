import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { join } from 'node:path';
import { writeAtomically } from '../files/write-atomic';
import { VERDICTS } from '../outcome/verdict';
import { redact } from '../security/redact';
import { fatalErrorLine, readTestEnd, type TargetedCheckRecord } from './check-record';
import { checkVerdict } from './run-summary';
import { cutTo } from '../text/cut';

/** A message attribute: the finding in a line, as CI systems show it in their list of failures. */
const MAX_MESSAGE = 500;
/** The element's text: a check's findings, enough to act on; the HTML report has them all. */
const MAX_BODY = 8_000;

/**
 * reports/junit.xml as CI systems read it, from each check's verdict (src/outcome/verdict.ts),
 * never from Playwright's error text: a broken contract is a `<failure>` whose message is the
 * finding; trouble that kept a check from a verdict (Pluvo not answering, our client refused) is
 * an `<error>` that says so; a check that was not run, or skipped as planned, is `<skipped>` with
 * its reason. One suite per target. An error outside any check is a test case of its own, so a
 * run that failed without a check failing never reads as green.
 */
export default class JUnitReporter implements Reporter {
  private readonly path: string;
  private readonly checks: Array<{ record: TargetedCheckRecord; seconds: number }> = [];
  private readonly problems: Array<{ name: string; message: string }> = [];
  private readonly listing = process.argv.includes('--list');

  constructor(options: { outputFile?: string } = {}) {
    this.path = options.outputFile ?? join(process.env.PLUVO_REPORTS_DIR ?? 'reports', 'junit.xml');
  }

  onError(error: TestError): void {
    this.problems.push({ name: 'the run', message: fatalErrorLine(error) });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const read = readTestEnd(test, result);
    if (read === 'retrying') return;
    if ('incomplete' in read) {
      this.problems.push({ name: test.title, message: read.incomplete ?? 'interrupted or not run' });
      return;
    }
    this.checks.push({ record: read.record, seconds: (read.record.tookMs ?? result.duration) / 1000 });
  }

  onEnd(result: FullResult): void {
    if (this.listing) return;
    writeAtomically(this.path, junitXml(this.checks, this.problems, result));
  }

  printsToStdio(): boolean {
    return false;
  }
}

export function junitXml(
  checks: ReadonlyArray<{ record: TargetedCheckRecord; seconds: number }>,
  problems: ReadonlyArray<{ name: string; message: string }>,
  result: Pick<FullResult, 'status' | 'startTime' | 'duration'>,
): string {
  const byTarget = new Map<string, Array<{ record: TargetedCheckRecord; seconds: number }>>();
  for (const check of checks) byTarget.set(check.record.target.label, [...(byTarget.get(check.record.target.label) ?? []), check]);
  const suites = [...byTarget].map(([target, cases]) => suite(target, cases.map(testCase)));
  if (problems.length || (result.status === 'interrupted' && !checks.length))
    suites.push(
      suite('the monitor', [
        ...problems.map((problem) => ({
          kind: 'error' as const,
          xml: `<testcase name="${attr(problem.name)}" classname="monitor" time="0"><error message="${attr(problem.message)}" type="monitor-error"/></testcase>`,
          seconds: 0,
        })),
        ...(result.status === 'interrupted' && !problems.length
          ? [
              {
                kind: 'skipped' as const,
                xml: '<testcase name="the run" classname="monitor" time="0"><skipped message="The run was stopped before it completed."/></testcase>',
                seconds: 0,
              },
            ]
          : []),
      ]),
    );
  const count = (kind: string) => suites.reduce((sum, s) => sum + s.counts[kind as keyof typeof s.counts], 0);
  const seconds = (result.duration / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pluvo-contract-monitor" tests="${count('tests')}" failures="${count('failures')}" errors="${count('errors')}" skipped="${count('skipped')}" time="${seconds}" timestamp="${result.startTime.toISOString()}">
${suites.map((s) => s.xml).join('\n')}
</testsuites>
`;
}

/** A test case as written, with its time; a check's start (ms since the epoch) when it is known. */
type Case = { kind: 'passed' | 'failure' | 'error' | 'skipped'; xml: string; seconds: number; startedAt?: number };

function suite(name: string, cases: Case[]): { xml: string; counts: { tests: number; failures: number; errors: number; skipped: number } } {
  const counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.kind === 'failure').length,
    errors: cases.filter((c) => c.kind === 'error').length,
    skipped: cases.filter((c) => c.kind === 'skipped').length,
  };
  const time = suiteSeconds(cases).toFixed(3);
  return {
    counts,
    xml: `<testsuite name="${attr(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${time}">\n${cases.map((c) => `  ${c.xml}`).join('\n')}\n</testsuite>`,
  };
}

/**
 * How long a suite took: from its first check's start to its last check's end, as a target's
 * checks run side by side in the run's engine (their sum was a 40 s run's target said to take
 * 450 s). Summed when a case has no start of its own (the monitor's problems, all at 0 s).
 */
export function suiteSeconds(cases: ReadonlyArray<Pick<Case, 'seconds' | 'startedAt'>>): number {
  if (!cases.length || cases.some((c) => c.startedAt === undefined)) return cases.reduce((sum, c) => sum + c.seconds, 0);
  const start = Math.min(...cases.map((c) => c.startedAt!));
  const end = Math.max(...cases.map((c) => c.startedAt! + c.seconds * 1000));
  return (end - start) / 1000;
}

function testCase({ record, seconds }: { record: TargetedCheckRecord; seconds: number }): Case {
  return { ...caseOf(record, seconds), ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}) };
}

function caseOf(record: TargetedCheckRecord, seconds: number): Case {
  const verdict = checkVerdict(record);
  const meaning = VERDICTS[verdict];
  const open = `<testcase name="${attr(record.title)}" classname="${attr(`${record.target.key}.${record.area}`)}" time="${seconds.toFixed(3)}"`;
  const findings = record.failures.map((failure) => `- ${failure.message}`).join('\n');
  switch (meaning.junit) {
    case 'passed': {
      const slow = verdict === 'degraded' && record.latency.message ? `<system-out>${text(record.latency.message)}</system-out>` : '';
      return { kind: 'passed', seconds, xml: slow ? `${open}>${slow}</testcase>` : `${open}/>` };
    }
    case 'failure': {
      const first = record.failures[0]?.message ?? record.headline ?? 'contract broken';
      return {
        kind: 'failure',
        seconds,
        xml: `${open}><failure message="${attr(first)}" type="contract">${text(`${findings}\nDocs: ${record.docs}`)}</failure></testcase>`,
      };
    }
    case 'error': {
      const first = record.failures.find((failure) => failure.cause === record.cause) ?? record.failures[0];
      const message = `No contract verdict: ${meaning.name} (${first?.key ?? first?.message ?? 'no details'})`;
      return { kind: 'error', seconds, xml: `${open}><error message="${attr(message)}" type="${verdict}">${text(findings)}</error></testcase>` };
    }
    case 'skipped': {
      const why =
        verdict === 'not-run'
          ? `Not run: ${record.failures[0]?.message.replace(/^Not run: /, '') ?? VERDICTS['not-run'].whatToDo}`
          : `Skipped: ${record.skipped ?? 'as planned'}`;
      return { kind: 'skipped', seconds, xml: `${open}><skipped message="${attr(why)}"/></testcase>` };
    }
  }
}

/** Characters XML 1.0 cannot hold at all (control characters a hostile answer may carry). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const clean = (value: string, max: number) => {
  const redacted = redact(value).replace(NOT_XML, '\uFFFD');
  return cutTo(redacted, max, ' …(cut)');
};
const attr = (value: string) =>
  clean(value, MAX_MESSAGE).replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const text = (value: string) => clean(value, MAX_BODY).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
