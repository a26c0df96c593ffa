import type { Problem } from './cause';

/**
 * The monitor's own limits: the run's request budget and a check's time budget. Running out of
 * either says nothing about Pluvo, so it is reported in its own category, never as a broken
 * contract. Messages carry this phrase so every layer (GraphQL client, raw requests, token
 * requests, walks) can be recognised by the one classifier that reads them.
 */
export const BUDGET_EXCEEDED = 'monitor budget exceeded';

export function requestBudgetSpent(what: string): string {
  return `${BUDGET_EXCEEDED}: the run's request budget (PLUVO_MAX_REQUESTS) is spent; ${what}`;
}

function timeBudgetSpent(budgetMs: number, done: string): string {
  return `${BUDGET_EXCEEDED}: the check's time budget of ${Math.round(budgetMs / 1000)} s ran out after ${done} (raise PLUVO_CHECK_TIMEOUT_MS, or check less per run)`;
}

/** Derived budgets never exceed this; an explicit PLUVO_CHECK_TIMEOUT_MS may. */
export const MAX_DERIVED_CHECK_MS = 30 * 60_000;
const BASE_CHECK_MS = 60_000;

/**
 * A check's time budget: the explicit one, or one that follows from what it plans to send and
 * the latency it has seen: a minute plus three times the expected time, so a slow but steady
 * API passes and a stalled one ends in this category rather than in Playwright's timeout.
 */
function checkTimeBudgetMs(explicitMs: number | undefined, plannedRequests: number, observedLatencyMs: number, parallelism = 1): number {
  if (explicitMs !== undefined) return explicitMs;
  const expected = (plannedRequests * Math.max(1, observedLatencyMs)) / Math.max(1, parallelism);
  return Math.min(MAX_DERIVED_CHECK_MS, BASE_CHECK_MS + 3 * expected);
}

/**
 * One check's clock. Explicit budgets apply from the start; a derived one is fixed once the
 * check knows what it plans to send and how long its first request took.
 */
export class TimeBudget {
  private budgetMs: number | undefined;
  private readonly startedAt: number;

  constructor(
    explicitMs: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.budgetMs = explicitMs;
    this.startedAt = now();
  }

  plan(plannedRequests: number, observedLatencyMs: number, parallelism = 1): void {
    this.budgetMs ??= checkTimeBudgetMs(undefined, plannedRequests, observedLatencyMs, parallelism);
  }

  exceeded(): boolean {
    return this.budgetMs !== undefined && this.now() - this.startedAt > this.budgetMs;
  }

  message(done: string): string {
    return timeBudgetSpent(this.budgetMs ?? 0, done);
  }

  /** The check's time ran out: the monitor's own limit, never Pluvo's fault. */
  problem(done: string): Problem {
    return { message: this.message(done), cause: 'budget' };
  }
}
