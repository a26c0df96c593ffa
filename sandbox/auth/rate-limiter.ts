/**
 * A token bucket per API client: `perSecond` requests a second on average, bursts up to `burst`.
 * Pluvo says only that "standard rate limits apply per API client"; 0 turns the limit off.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one request for this client: undefined when allowed, else seconds until the next is. */
  take(clientId: string): number | undefined {
    if (this.perSecond <= 0) return undefined;
    const now = this.now();
    const bucket = this.buckets.get(clientId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(clientId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
