import { relative } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { troubleWords } from './failure-groups';
import { CHECK_ANNOTATION, fatalErrorLine, readTestEnd, targetOfTest } from './check-record';
import type { CheckRecord } from './run-summary';
import { cutTo } from '../text/cut';
import { organisationsNamed } from '../text/named-few';
import { counted } from '../text/counted';

/**
 * From this many targets on, the checks that held are one line a target (the report lists each);
 * the run's first line names a few organisations and counts the rest, and its last lines say the
 * organisations that held in one (src/sinks/end-of-run-reporter.ts): a vendor's hundreds of
 * organisations would otherwise be a wall of thousands of ticks, in which the few lines that
 * matter hide.
 */
export const MANY_TARGETS = 5;
/** Organisations named in the run's first line when there are many. */
const NAMED_AT_START = 3;

/** The organisations a run checks, as its first line says them: each, or from MANY_TARGETS on the first few and a count (the targets file names them all). */
export function organisationsChecked(labels: readonly string[]): string {
  return labels.length >= MANY_TARGETS ? organisationsNamed(labels, NAMED_AT_START) : labels.join(', ');
}

/** A failure's line on the console: long enough to read, short enough that a proxy page is not a wall. */
const MAX_LINE = 300;
/** A broken contract shows this many of its failures; the report has them all. */
const FAILURES_SHOWN = 3;

/**
 * The console while a run goes: one line a check (from MANY_TARGETS targets on, the checks that
 * held are one line a target), read from its typed outcome (never Playwright's
 * error text), a broken contract with its first failures under it, trouble as one short line (the
 * verdict below says once what it was, with an example), and checks the preflight kept from
 * running not listed one by one but counted. What the checks say of their progress passes through.
 */
export default class ConsoleReporter implements Reporter {
  private multiTarget = false;
  /** Checks the preflight kept from running, counted by target: each target's said once at the end. */
  private readonly notRun = new Map<string, number>();
  /** With many targets, their checks that held are counted, and said in one line a target when its last check has ended. */
  private readonly perTarget = new Map<string, { left: number; held: number; skipped: number; tookMs: number }>();

  /** A shard of a sharded run, and where its blob goes: said at its end, since a shard tells nobody. */
  private shard: { current: number; total: number; blobDir: string | undefined } | undefined;

  onBegin(config: FullConfig, suite: Suite): void {
    if (process.argv.includes('--list')) return this.list(suite);
    if (config.shard) {
      const blob = config.reporter.find(([name]) => name === 'blob')?.[1] as { outputDir?: string } | undefined;
      this.shard = { ...config.shard, blobDir: blob?.outputDir };
    }
    // The targets the run's tests are for, as selected (a shard, --grep): the tests name them.
    const targets = new Set(suite.allTests().map(targetOfTest));
    this.multiTarget = targets.size > 1;
    if (targets.size >= MANY_TARGETS)
      for (const test of suite.allTests()) {
        const name = targetOfTest(test);
        const counts = this.perTarget.get(name) ?? { left: 0, held: 0, skipped: 0, tookMs: 0 };
        counts.left += 1;
        this.perTarget.set(name, counts);
      }
    const count = suite.allTests().length;
    // No check at all: the run was stopped before Playwright loaded them (a selection that matches
    // none is refused before the run starts). Its end says it was interrupted; "Running 0 checks" would not.
    if (!count) return;
    const workers = config.workers;
    this.say(`Running ${counted(count, 'check')}${this.multiTarget ? ` on ${targets.size} targets` : ''} with ${counted(workers, 'worker')}`);
  }

  onStdOut(chunk: string | Buffer): void {
    process.stdout.write(chunk);
  }

  onStdErr(chunk: string | Buffer): void {
    process.stderr.write(chunk);
  }

  onError(error: TestError): void {
    this.say(`error: ${fatalErrorLine(error)}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const where = this.multiTarget ? `[${targetOfTest(test)}] ` : '';
    const read = readTestEnd(test, result);
    if (read === 'retrying') {
      this.say(`  ↻ ${where}${test.title}: failed, tried again (retry ${result.retry + 1} of ${test.retries})`);
      return;
    }
    if ('incomplete' in read) {
      this.say(`  ✘ ${where}${test.title}: ${read.incomplete ? `could not finish: ${read.incomplete}` : 'interrupted or not run'}`);
      return;
    }
    const check = read.record;
    const counts = this.perTarget.get(targetOfTest(test));
    if (counts) counts.left -= 1;
    if (check.outcome === 'not-run') {
      this.notRun.set(targetOfTest(test), (this.notRun.get(targetOfTest(test)) ?? 0) + 1);
      return;
    }
    const tookMs = check.tookMs ?? result.duration;
    if (counts && (check.outcome === 'passed' || check.outcome === 'skipped')) {
      counts[check.outcome === 'passed' ? 'held' : 'skipped'] += 1;
      counts.tookMs = Math.max(counts.tookMs, tookMs);
    } else for (const line of checkLines(check, `${where}${check.area} › ${check.title}`, tookMs)) this.say(line);
    if (counts && counts.left === 0 && counts.held + counts.skipped > 0) {
      const skipped = counts.skipped ? `, ${counts.skipped} skipped as planned` : '';
      this.say(`  ✓ ${where}${counted(counts.held, 'check')} held${skipped} (the longest ${(counts.tookMs / 1000).toFixed(1)} s)`);
    }
  }

  onEnd(_result: FullResult): void {
    // Beside other targets, the count names its own: the preflight's line above may be one of several.
    for (const [target, count] of this.notRun)
      this.say(`  – ${this.multiTarget ? `[${target}] ` : ''}${counted(count, 'check')} not run (the preflight's finding, above)`);
    if (this.shard) {
      const where = this.shard.blobDir ? ` is in ${relative(process.cwd(), this.shard.blobDir) || '.'}/` : ' is written';
      this.say(
        `shard ${this.shard.current} of ${this.shard.total}: its report${where}; nobody is told until the shards are merged: npm run alert -- <the folder holding every shard's report>`,
      );
    }
  }

  /**
   * `npm start -- --list`: the checks the run would select (narrowed as asked), one a line as a run
   * names them, with their tags for --grep; nothing is run and no report written.
   */
  private list(suite: Suite): void {
    const tests = suite.allTests();
    const targets = new Set(tests.map((test) => ownCheck(test)?.target ?? targetOfTest(test)));
    for (const test of tests) {
      const own = ownCheck(test);
      const target = own?.target ?? targetOfTest(test);
      this.say(`  ${target ? `[${target}] ` : ''}${own ? `own › ${own.where}` : test.parent.title} › ${test.title}  ${test.tags.join(' ')}`);
    }
    const on = targets.size > 1 ? ` on ${targets.size} targets` : '';
    this.say(`${counted(tests.length, 'check')}${on}, listed; nothing was run. Run some with npm start -- --grep <a tag or part of a title>.`);
  }

  private say(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** A check as the console shows it: its line, and under a broken contract (or a slow check) what went wrong. */
export function checkLines(check: CheckRecord, name: string, durationMs: number): string[] {
  const took = ` (${durationMs < 1000 ? `${durationMs} ms` : `${(durationMs / 1000).toFixed(1)} s`})`;
  const short = (text: string) => cutTo(text, MAX_LINE, '…').replace(/\s+/g, ' ');
  switch (check.outcome) {
    case 'passed':
      return [`  ✓ ${name}${took}`];
    case 'flaky':
      return [`  ↻ ${name}${took}: passed only when tried again`];
    case 'skipped':
      return [`  – ${name}: skipped${check.skipped ? `: ${short(check.skipped)}` : ''}`];
    case 'not-run':
      return [`  – ${name}: not run`];
    case 'degraded':
      return [`  ⧗ ${name}${took}`, `      ${short(check.latency.message ?? 'slow')}`];
    case 'failed': {
      if (check.cause && check.cause !== 'contract') {
        const first = check.failures.find((failure) => failure.cause === check.cause) ?? check.failures[0];
        return [`  ✘ ${name}${took}: ${troubleWords(check.cause)} (${short(first?.key ?? first?.message ?? 'no details')})`];
      }
      const failures = check.failures.slice(0, FAILURES_SHOWN).map((failure) => `      - ${short(failure.message)}`);
      const more = check.failures.length > FAILURES_SHOWN ? [`      …and ${check.failures.length - FAILURES_SHOWN} more in the report`] : [];
      return [`  ✘ ${name}${took}`, ...failures, ...more];
    }
  }
}

/** A user's own check (src/own/test.ts), by its project: its target, and its file and groups from the checks folder. */
function ownCheck(test: TestCase): { target: string; where: string } | undefined {
  if (test.annotations.some((note) => note.type === CHECK_ANNOTATION)) return undefined;
  const project = test.parent.project();
  const target = (project?.use as { pluvoTarget?: unknown } | undefined)?.pluvoTarget;
  if (!project || typeof target !== 'string') return undefined;
  const groups = test.titlePath().slice(3, -1);
  return { target, where: [relative(project.testDir, test.location.file), ...groups].join(' › ') };
}
