const HEX_CODES = [...'0123456789abcdef'].map((digit) => digit.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** One UUID's characters, reused: the seeding is synchronous, so no two UUIDs are made at once. */
const UUID_CODES: number[] = new Array(36).fill(0);

/** A seeded pseudo-random source: the same seed gives the same sandbox data, run after run. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: tiny, fast and good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** `count` distinct indexes below `below`, in ascending order. */
  sample(count: number, below: number): number[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, below);
    while (chosen.size < wanted) chosen.add(Math.floor(this.next() * below));
    return [...chosen].sort((a, b) => a - b);
  }

  /**
   * A version-4 UUID. Seeding 100,000 users makes some 330,000 of these: the characters go into
   * one buffer and become one flat string, not 36 concatenations' worth of garbage each.
   */
  uuid(): string {
    const codes = UUID_CODES;
    let at = 0;
    for (let i = 0; i < 32; i++) {
      const digit = Math.floor(this.next() * 16);
      if (i === 8 || i === 12 || i === 16 || i === 20) codes[at++] = DASH;
      codes[at++] = HEX_CODES[i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit]!;
    }
    return String.fromCharCode(...codes);
  }

  /** An ISO date-time within `days` days after `from`, whole seconds, UTC. */
  dateTime(from: string, days: number): string {
    const ms = Date.parse(from) + Math.floor(this.next() * days * 86_400) * 1000;
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  }
}
