import pLimit, { type LimitFunction } from 'p-limit';

/**
 * How many requests a whole run may still send (PLUVO_MAX_REQUESTS), whichever organisation sends
 * them: the engine gives one to every target's RunLimits, so the run's budget is one count in memory.
 */
export class RequestBudget {
  private left: number;

  constructor(readonly max: number = Number.POSITIVE_INFINITY) {
    this.left = max;
  }

  /** Take one request; false when none is left. */
  take(): boolean {
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }

  get remaining(): number {
    return this.left;
  }
}

/**
 * What one monitoring run may spend, shared by every client in the process: how many requests may
 * be in flight, how many may be sent in all, and how long 429 Retry-After waits may add up to.
 * A runaway cursor walk or a throttled API then ends the run with a clear finding instead of
 * hammering Pluvo or hanging.
 */
export class RunLimits {
  readonly limit: LimitFunction;
  private retryWaitLeftMs: number;
  private readonly budget: RequestBudget;

  /** With a budget, the run's (shared with the other targets' limits); without one, a budget of these limits alone. */
  constructor(options: { concurrency: number; maxRequests?: number; retryBudgetMs: number; budget?: RequestBudget }) {
    this.limit = pLimit(options.concurrency);
    this.budget = options.budget ?? new RequestBudget(options.maxRequests);
    this.retryWaitLeftMs = options.retryBudgetMs;
  }

  /** Take one request from the budget; false when none is left. */
  takeRequest(): boolean {
    return this.budget.take();
  }

  /** Reserve a Retry-After wait; false when it would exceed what is left of the budget. */
  takeRetryWait(ms: number): boolean {
    if (ms > this.retryWaitLeftMs) return false;
    this.retryWaitLeftMs -= ms;
    return true;
  }

  get remainingRequests(): number {
    return this.budget.remaining;
  }

  get remainingRetryWaitMs(): number {
    return this.retryWaitLeftMs;
  }
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), undefined if absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
