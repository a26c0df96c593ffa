/**
 * A clock for a run on no real time: a sleep ends at its start plus its length, and sleeps that
 * overlap overlap, as they do in real time. When every caller has had a moment to register its wait,
 * the clock moves to the earliest end and wakes whoever waits for it. Checks that run side by side
 * then spend the time they would really spend: ten requests each held 3 s at once cost 3 s, not 30.
 */
export class VirtualClock {
  private at: number;
  private readonly waits: Array<{ until: number; wake: () => void }> = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(start: number = Date.now()) {
    this.at = start;
  }

  now = (): number => this.at;

  /** Move the clock by hand (a sandbox whose every reading is a moment later). */
  advance(ms: number): number {
    this.at += ms;
    return this.at;
  }

  sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      this.waits.push({ until: this.at + Math.max(0, ms), wake });
      this.pending ??= setTimeout(() => this.next(), SETTLE_MS);
    });

  private next(): void {
    this.pending = undefined;
    if (!this.waits.length) return;
    this.waits.sort((a, b) => a.until - b.until);
    this.at = Math.max(this.at, this.waits[0]!.until);
    while (this.waits.length && this.waits[0]!.until <= this.at) this.waits.shift()!.wake();
    if (this.waits.length) this.pending = setTimeout(() => this.next(), SETTLE_MS);
  }
}

/** How long, in real time, a wait gives the others to register theirs before the clock moves. */
const SETTLE_MS = 1;
