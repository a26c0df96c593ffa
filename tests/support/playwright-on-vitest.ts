/**
 * Our unit tests, written for @playwright/test, run under Vitest for mutation testing
 * (stryker.config.json): StrykerJS needs a runner that reports which tests cover which code, and
 * has none for Playwright. This maps the part of Playwright's test API that the unit tests use onto
 * Vitest's; the assertions are Vitest's expect, whose matchers and message argument they share.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test as vitestTest } from 'vitest';

type Body = (fixtures: Record<string, never>, testInfo: { title: string }) => unknown;

function bodyOf(rest: unknown[]): Body {
  return rest.at(-1) as Body;
}

/** The running test's context, for test.skip() called inside a body, as Playwright allows. */
let current: { skip: (note?: string) => void } | undefined;

const run = (title: string, body: Body) => (context?: { skip: (note?: string) => void }) => {
  current = context;
  return body({}, { title });
};

export const test = Object.assign((title: string, ...rest: unknown[]) => vitestTest(title, run(title, bodyOf(rest))), {
  skip: (condition: boolean, note?: string) => {
    if (condition) current?.skip(note);
  },
  describe: Object.assign((title: string, body: () => void) => describe(title, body), { configure: () => undefined }),
  beforeEach: (body: Body) => beforeEach(run('beforeEach', body)),
  afterEach: (body: Body) => afterEach(run('afterEach', body)),
  beforeAll: (body: Body) => beforeAll(() => body({}, { title: 'beforeAll' })),
  afterAll: (body: Body) => afterAll(() => body({}, { title: 'afterAll' })),
  step: async <T>(_title: string, body: () => Promise<T> | T): Promise<T> => body(),
});

export { expect };
