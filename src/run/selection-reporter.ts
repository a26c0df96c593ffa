import type { Reporter, Suite } from '@playwright/test/reporter';
import { dirname } from 'node:path';
import { RUN_SECRETS_VARIABLE } from '../security/run-secrets';
import { type Selection, writeSelection } from './selection';

/** This reporter, as the configuration names it. */
export const SELECTION_REPORTER = './src/run/selection-reporter.ts';

/** The annotation by which a contract test names its check (tests/contract/contracts.spec.ts). */
export const CHECK_ANNOTATION = 'check';

/**
 * Writes the run's selection into the run's folder as the run begins (Playwright calls onBegin
 * after loading and filtering the tests, before it starts a worker). It reports nothing.
 */
export default class SelectionReporter implements Reporter {
  onBegin(_config: unknown, suite: Suite): void {
    const secrets = process.env[RUN_SECRETS_VARIABLE];
    if (!secrets) return;
    const selection: Selection = {};
    for (const project of suite.suites) {
      const ids = project.allTests().flatMap((test) => test.annotations.filter((note) => note.type === CHECK_ANNOTATION).map((note) => note.description ?? ''));
      selection[project.title] = [...new Set(ids.filter(Boolean))];
    }
    writeSelection(dirname(secrets), selection);
  }

  printsToStdio(): boolean {
    return false;
  }
}
