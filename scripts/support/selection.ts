import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { engineModule } from '../../src/files/engine-file';
import { withoutColour } from '../../src/text/shown';

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');

/**
 * How many checks a narrowed run selects, as Playwright itself selects them (`--list`, which loads
 * the suite and runs nothing, no global setup, no request): a --grep that matches nothing is the
 * user's mistake, said before the run, not a run that "failed" because no check ran. Playwright's
 * own complaint (an invalid regular expression, an unknown project) comes back as its first line.
 */
export function countSelected(playwrightArgs: readonly string[]): { count: number } | { problem: string } {
  const listed = spawnSync(
    process.execPath,
    [playwrightCli, 'test', '--config', engineModule('playwright.config'), '--list', '--reporter=json', ...playwrightArgs],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  try {
    const report = JSON.parse(listed.stdout) as { suites?: Suite[]; errors?: Array<{ message?: string }> };
    const error = report.errors?.[0]?.message;
    if (error && !/no tests found/i.test(error)) return { problem: firstLine(error) };
    return { count: (report.suites ?? []).reduce((sum, suite) => sum + tests(suite), 0) };
  } catch {
    return { problem: firstLine(listed.stderr || listed.stdout || `playwright --list exited ${listed.status}`) };
  }
}

interface Suite {
  suites?: Suite[];
  specs?: Array<{ tests?: unknown[] }>;
}

const tests = (suite: Suite): number =>
  (suite.specs ?? []).reduce((sum, spec) => sum + (spec.tests?.length ?? 0), 0) + (suite.suites ?? []).reduce((sum, child) => sum + tests(child), 0);

const firstLine = (text: string) =>
  (
    withoutColour(text)
      .split('\n')
      .find((line) => line.trim()) ?? ''
  )
    .replace(/^Error: /, '')
    .trim();
