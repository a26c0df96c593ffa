import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';

/** Set by the runner for its workers: the file in which the whole run counts its requests. */
export const REQUEST_LEDGER_VARIABLE = 'PLUVO_REQUEST_LEDGER';

/**
 * What one monitoring run may spend, shared by every client in the process: how many requests may
 * be in flight, how many may be sent in all, and how long 429 Retry-After waits may add up to.
 * A runaway cursor walk or a throttled API then ends the run with a clear finding instead of
 * hammering Pluvo or hanging.
 */
export class RunLimits {
  readonly limit: LimitFunction;
  private requestsLeft: number;
  private retryWaitLeftMs: number;
  private readonly ledger: number | undefined;
  private readonly maxRequests: number;

  /**
   * With a ledger (a file the runner made for the run), the request budget is the run's, across
   * every worker Playwright starts, restarts included: each request appends one byte, and the
   * file's size is the run's count. Appends are atomic, so at worst each worker racing for the
   * last request sends one more.
   */
  constructor(options: { concurrency: number; maxRequests?: number; retryBudgetMs: number; ledgerPath?: string }) {
    this.limit = pLimit(options.concurrency);
    this.maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
    this.requestsLeft = this.maxRequests;
    this.retryWaitLeftMs = options.retryBudgetMs;
    this.ledger = options.ledgerPath ? openSync(options.ledgerPath, 'a') : undefined;
  }

  /** Take one request from the budget; false when none is left. */
  takeRequest(): boolean {
    if (this.ledger !== undefined) {
      if (fstatSync(this.ledger).size >= this.maxRequests) return false;
      writeSync(this.ledger, '.');
      return true;
    }
    if (this.requestsLeft <= 0) return false;
    this.requestsLeft -= 1;
    return true;
  }

  /** Let go of the ledger (the worker is done). */
  close(): void {
    if (this.ledger !== undefined) closeSync(this.ledger);
  }

  /** Reserve a Retry-After wait; false when it would exceed what is left of the budget. */
  takeRetryWait(ms: number): boolean {
    if (ms > this.retryWaitLeftMs) return false;
    this.retryWaitLeftMs -= ms;
    return true;
  }

  get remainingRequests(): number {
    return this.ledger !== undefined ? Math.max(0, this.maxRequests - fstatSync(this.ledger).size) : this.requestsLeft;
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
