import type { Reporter, Suite } from '@playwright/test/reporter';
import { engineModule } from '../files/engine-file';
import { CHECK_ANNOTATION, targetOfTest } from '../report/check-record';
import type { Selection } from './engine';
import { runnerEngine } from './runner-engine';

/** This reporter, as the configuration names it. */
export const BEGIN_REPORTER = engineModule('src/engine/begin-reporter');

/**
 * Begins the run's checks as the run begins: Playwright calls onBegin once it has loaded and
 * filtered the tests (--grep, --shard, --last-failed and the rest), before any worker starts, so
 * the engine starts exactly the checks the run selected, all at once. It reports nothing.
 */
export default class BeginReporter implements Reporter {
  onBegin(_config: unknown, suite: Suite): void {
    runnerEngine()?.begin(selectionOf(suite));
  }

  printsToStdio(): boolean {
    return false;
  }
}

/** The checks the run selected, by target name. */
export function selectionOf(suite: Suite): Selection {
  const selection = new Map<string, Set<string>>();
  for (const test of suite.allTests()) {
    const check = test.annotations.find((note) => note.type === CHECK_ANNOTATION)?.description;
    if (!check) continue;
    const target = targetOfTest(test);
    let ids = selection.get(target);
    if (!ids) selection.set(target, (ids = new Set()));
    ids.add(check);
  }
  return selection;
}
