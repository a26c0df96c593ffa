/** How often the loop's own pulse beats while requests are in flight. */
const BEAT_MS = 5;
/** Read this soon after a late beat, an answer was read in the same waking of the loop. */
const WOKEN_MS = 25;

/**
 * How far this process's event loop is behind, right now: a pulse that beats every few
 * milliseconds while requests are in flight, and the time since it last could. A response that
 * arrived while the loop was busy with work of our own (another check's parsing or validation, the
 * embedded sandbox serving, a descheduled process on a loaded machine) waits that long before it is
 * read; that wait is ours, not Pluvo's, and is not its latency.
 */
export class LoopLag {
  private beatAt = 0;
  /** All the time the pulse was late, summed, since the process began: lag between two moments is the difference. */
  private lateMs = 0;
  /** The last beat that came late, when, and by how much: the loop had been busy until then. */
  private lastLate = { at: Number.NEGATIVE_INFINITY, byMs: 0 };
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
      if (late > 0) this.lastLate = { at: now, byMs: late };
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

  /**
   * How long an answer read now waited for us, at most: the loop is behind now, or it has just
   * woken from being busy (Node runs its timers, this pulse's beat among them, before the answers
   * that came in meanwhile), in which case the answer was there all that time. Only the lag since
   * `since` (the request sent whole) counts: before that it delayed the request, counted apart.
   */
  answerWaitedMs(since: number): number {
    const now = performance.now();
    const justWoken = now - this.lastLate.at <= WOKEN_MS && this.lastLate.at >= since ? Math.min(this.lastLate.byMs, this.lastLate.at - since) : 0;
    return this.behindMs() + justWoken;
  }

  /** The loop's lateness summed so far, this moment's included: read at two moments, the lag between them. */
  lateSoFarMs(): number {
    return this.lateMs + this.behindMs();
  }
}
