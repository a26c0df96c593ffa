/**
 * What a long walk says while it runs, so that a run of minutes (a full walk of 100,000 users,
 * far away) is never a silence indistinguishable from a hang: its plan first (full walks), then,
 * at least every 10 s of the check's own clock, the pages read of how many, the rate, and about
 * how long is left.
 */
export class Progress {
  private readonly started: number;
  private lastSaid: number;
  private total: number | undefined;

  constructor(
    private readonly label: string,
    private readonly now: () => number,
    private readonly say: (line: string) => void,
    private readonly options: { announce?: boolean; everyMs?: number } = {},
  ) {
    this.started = now();
    this.lastSaid = this.started;
  }

  /** How many pages the walk expects (from count), said at once when the plan is to be announced. */
  plan(pages: number | undefined, what: string): void {
    if (this.total !== undefined) return;
    this.total = pages;
    if (this.options.announce)
      this.say(`${this.label}: ${what}; about ${pages ?? '?'} page(s) to read, progress every ${(this.options.everyMs ?? 10_000) / 1000} s`);
  }

  /** A page was read: say how far the walk is, when it is time to. */
  step(done: number): void {
    const now = this.now();
    if (now - this.lastSaid < (this.options.everyMs ?? 10_000)) return;
    this.lastSaid = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = this.total !== undefined && rate > 0 ? Math.max(0, Math.ceil((this.total - done) / rate)) : undefined;
    this.say(
      `${this.label}: ${done}${this.total !== undefined ? ` of ${this.total}` : ''} pages in ${Math.round(seconds)} s, ${rate.toFixed(1)} pages/s${left !== undefined ? `, about ${left} s left` : ''}`,
    );
  }
}
