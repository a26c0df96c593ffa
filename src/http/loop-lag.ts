/** How often the loop's own pulse beats while requests are in flight. */
const BEAT_MS = 5;

/**
 * How far this process's event loop is behind: a pulse that beats every few milliseconds while
 * requests are in flight. Work of our own that holds the loop (another check's parsing or
 * validation, the embedded sandbox serving, a descheduled process on a loaded machine) before a
 * request has left, or while an answer waits to be read, is ours, not Pluvo's latency.
 *
 * Not taken out: a busy stretch after which an answer is read. The answer may have come at its
 * start or at its end, and taking it all out hid real slowness on a loaded machine (a sandbox 300 ms
 * away read as under 200 ms).
 */
export class LoopLag {
  private beatAt = 0;
  /** All the time the pulse was late, summed, since the process began: lag between two moments is the difference. */
  private lateMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private users = 0;

  /** A request is in flight: keep the pulse going. */
  begin(): void {
    if (this.users++ > 0) return;
    this.beatAt = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - this.beatAt - BEAT_MS);
      this.lateMs += late;
      this.beatAt = now;
    }, BEAT_MS);
    this.timer.unref();
  }

  end(): void {
    if (--this.users > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** How long the loop has been unable to beat, up to now. */
  behindMs(): number {
    return Math.max(0, performance.now() - this.beatAt - BEAT_MS);
  }

  /** The loop's lateness summed so far, this moment's included: read at two moments, the lag between them. */
  lateSoFarMs(): number {
    return this.lateMs + this.behindMs();
  }
}
