/**
 * `import { test, expect } from 'pluvo-contract-monitor/test'`: a user's own Playwright check,
 * which joins the run as a check of the area "own" (its verdict, alerts, status page, metrics and
 * history are read from the same outcome as ours). The `pluvo` fixture is its target's client:
 *
 *   test('every active user has an e-mail', async ({ pluvo }) => {
 *     const data = await pluvo.query<{ paginatedUsers: { count: number } }>('{ paginatedUsers(first: 1) { count } }');
 *     expect(data.paginatedUsers.count).toBeGreaterThan(0);
 *   });
 *
 * Its queries are sent by the run's engine, in Playwright's runner, with the target's token and
 * within the run's request budget and the target's concurrency bound; the check runs once for each
 * target of the run (a Playwright project each, "own" or "own-<name>").
 */
import { relative } from 'node:path';
import {
  test as base,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestInfo,
  type TestType,
} from '@playwright/test';
import { askOwnQuery } from '../engine/channel';
import type { OwnAnswer } from '../engine/engine';
import { judgeOwnCheck, type OwnCheckEnd } from '../outcome/own-check-outcome';
import type { Cause } from '../pluvo/cause';
import { OUTCOME_ANNOTATION, type OutcomeAnnotation } from '../report/check-record';

export { expect } from '@playwright/test';

/** A query that came back without data: GraphQL errors, or trouble that kept an answer away (with its cause, for the outcome). */
export class PluvoQueryError extends Error {
  override name = 'PluvoQueryError';
}

/** The `pluvo` fixture: one target's client. */
export interface PluvoClient {
  /** The target, as the reports name it. */
  readonly target: string;
  /** Send a GraphQL document; its `data`, or a PluvoQueryError on GraphQL errors and on any answer without data. */
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T>;
}

interface OwnFixtures {
  pluvo: PluvoClient;
  /** The target this project's checks run against: its name in the targets file, '' for the one target (set by the run's configuration). */
  pluvoTarget: string;
  /** Every check of the user's, with or without the client: its outcome, handed to the reporters. */
  pluvoOutcome: { trouble?: { message: string; cause: Cause; key?: string }; notRun?: boolean };
}

/** A stopped run ends the check where it is: Playwright marks it interrupted, never failed. */
const untilTheRunEnds = () => new Promise<never>(() => undefined);

type Answered = Exclude<OwnAnswer, { unknownTarget: string } | { stopped: true }>;

async function targetOf(target: string, query?: { query: string; variables?: Record<string, unknown> }): Promise<Answered> {
  const answer = await askOwnQuery({ target, ...query });
  if ('unknownTarget' in answer) throw new Error(answer.unknownTarget);
  if ('stopped' in answer) return untilTheRunEnds();
  return answer;
}

export const test: TestType<PlaywrightTestArgs & PlaywrightTestOptions & OwnFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions> =
  base.extend<OwnFixtures>({
    pluvoTarget: ['', { option: true }],
    pluvoOutcome: [
      async ({ pluvoTarget }, use, testInfo) => {
        const { identity } = await targetOf(pluvoTarget);
        const startedAt = Date.now();
        const seen: OwnFixtures['pluvoOutcome'] = {};
        await use(seen);
        if (testInfo.status === 'interrupted') return;
        const outcome = judgeOwnCheck({ ...endOf(testInfo, startedAt), ...seen });
        const annotation: OutcomeAnnotation = { target: identity, outcome };
        testInfo.annotations.push({ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) });
      },
      { auto: true },
    ],
    pluvo: async ({ pluvoTarget, pluvoOutcome }, use) => {
      const { identity } = await targetOf(pluvoTarget);
      await use({
        target: identity.label,
        query: async <T>(document: string, variables?: Record<string, unknown>): Promise<T> => {
          const answer = await targetOf(pluvoTarget, { query: document, ...(variables ? { variables } : {}) });
          if (answer.trouble) {
            pluvoOutcome.trouble = answer.trouble;
            if (answer.notRun) pluvoOutcome.notRun = true;
            const error = new PluvoQueryError(answer.trouble.message);
            // Where the query was sent from says more than this helper.
            error.stack = `${error.name}: ${error.message}`;
            throw error;
          }
          return (answer.data ?? {}) as T;
        },
      });
    },
  });

/** The check as Playwright ended it, by what the outcome needs. */
function endOf(testInfo: TestInfo, startedAt: number): Omit<OwnCheckEnd, 'trouble' | 'notRun'> {
  const file = relative(process.cwd(), testInfo.file) || testInfo.file;
  const titles = testInfo.titlePath.slice(1);
  const status =
    testInfo.status === 'passed' || testInfo.status === 'failed' || testInfo.status === 'timedOut' || testInfo.status === 'skipped'
      ? testInfo.status
      : 'failed';
  const skipped = testInfo.annotations.find((note) => note.type === 'skip')?.description;
  return {
    checkId: `own:${file}:${titles.join(' › ')}`,
    title: titles.join(' › '),
    location: `${file}:${testInfo.line}`,
    status,
    ...(testInfo.errors[0]?.message ? { error: testInfo.errors[0].message } : {}),
    ...(skipped ? { skipped } : {}),
    tookMs: Date.now() - startedAt,
  };
}
