import { counted } from '../text/counted';

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
  private done = 0;
  private doneWhenSaid = 0;
  /** A full walk's own pulse: it speaks every 10 s even while its pages wait behind other checks' at the target's bound. */
  private timer: ReturnType<typeof setInterval> | undefined;

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
    if (!this.options.announce) return;
    const every = this.options.everyMs ?? 10_000;
    const estimate = pages !== undefined ? `about ${counted(pages, 'page')} to read` : 'its length unknown until it ends';
    this.say(`${this.label}: ${what}; ${estimate}, progress every ${every / 1000} s`);
    // Looked at every second, so that no gap is much longer than the promise, however the pulses fall.
    this.timer = setInterval(() => this.pulse(), Math.min(1_000, every));
    // A pulse never keeps the process alive on its own.
    this.timer.unref?.();
  }

  /** The walk's pulse: a line when 10 s have passed with none, saying so when no page was read since. */
  pulse(): void {
    this.speak(this.now(), false);
  }

  /** The walk has ended (or stopped): no more pulses. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A page was read: say how far the walk is, when it is time to. */
  step(done: number): void {
    this.done = done;
    this.speak(this.now(), true);
  }

  /** Say how far the walk is when 10 s have passed since the last line; a pulse with no page read since says it waits. */
  private speak(now: number, stepped: boolean): void {
    if (now - this.lastSaid < (this.options.everyMs ?? 10_000)) return;
    const waiting = !stepped && this.done === this.doneWhenSaid;
    this.lastSaid = now;
    this.doneWhenSaid = this.done;
    const done = this.done;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = this.total !== undefined && rate > 0 ? Math.max(0, Math.ceil((this.total - done) / rate)) : undefined;
    this.say(
      `${this.label}: ${done}${this.total !== undefined ? ` of ${this.total}` : ''} pages in ${Math.round(seconds)} s, ${rate.toFixed(1)} pages/s${left !== undefined ? `, about ${left} s left` : ''}${waiting ? ' (waiting for answers: no page read in the last interval)' : ''}`,
    );
  }
}
