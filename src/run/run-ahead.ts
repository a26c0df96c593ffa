import type { CheckContext, ContractCheck } from '../checks/check';
import { runConfirmed } from './confirm';
import { REPORTED, type SettledCheck, type SettledOutcomes } from './settled-outcomes';

/** How often a stopping worker looks whether the run is being stopped while it waits for its checks. */
const STOP_POLL_MS = 100;

/**
 * A worker's checks of one target, started together. Most of a run is waiting for Pluvo 100–150 ms
 * away; one test after another, a run costs the sum of its round trips, and started at once it
 * costs its longest chain of them. What bounds the requests is the target's RunLimits (at most
 * PLUVO_CONCURRENCY in flight, the run's request and Retry-After budgets), which every request of
 * the worker passes, and the measured latency is the transport's, inside that bound: queueing
 * behind our own limit is not Pluvo's slowness.
 *
 * Each Playwright test still reports its own check (steps, attachments, retries): it takes the
 * check's first run from here. A worker that stops with checks its tests have not reported yet
 * (Playwright starts a new worker after a failed test) keeps them (SettledOutcomes), and the next
 * one reports them instead of asking Pluvo again.
 */
export class RunAhead {
  private readonly running = new Map<string, Promise<SettledCheck>>();
  private readonly ended = new Map<string, SettledCheck>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly context: CheckContext,
    private readonly settled: SettledOutcomes,
  ) {}

  /** Start every check given that has not ended in this run yet. */
  start(checks: readonly ContractCheck[]): void {
    for (const check of checks) {
      if (this.running.has(check.id) || this.settled.read(check.id)) continue;
      const run = runConfirmed(check, this.context).then((settled) => {
        this.ended.set(check.id, settled);
        return settled;
      });
      // A check that throws is its own test's to report; unobserved until then, it must not end the worker.
      run.catch(() => undefined);
      this.running.set(check.id, run);
    }
  }

  /** A check's first run: the one started here, one that a worker before this one finished, or one run now. */
  first(check: ContractCheck): Promise<SettledCheck> {
    this.reported.add(check.id);
    const running = this.running.get(check.id);
    if (running) return running;
    const kept = this.settled.read(check.id);
    return kept && kept !== REPORTED ? Promise.resolve(kept) : runConfirmed(check, this.context);
  }

  /**
   * Wait for the checks still running and keep what those not yet reported found, and which were,
   * so that a worker that stops (after a failed test) hands them on rather than have them asked
   * for again; at once when the run itself is being stopped.
   */
  async settle(stopping: () => boolean): Promise<void> {
    let done = false;
    void Promise.allSettled(this.running.values()).then(() => {
      done = true;
    });
    while (!done && !stopping()) await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
    for (const [id, settled] of this.ended) this.settled.keep(id, this.reported.has(id) ? REPORTED : settled);
  }
}
