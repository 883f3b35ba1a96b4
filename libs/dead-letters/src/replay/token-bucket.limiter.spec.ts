import { TokenBucketLimiter } from './token-bucket.limiter.js';

/** A consumer on a fake clock: takes what it may, else sleeps as told plus a late timer's lag. */
function consume(
  rate: number,
  durationMs: number,
  options: {
    capacity?: number;
    lagMs?: (sleep: number) => number;
    pause?: (now: number) => number;
  } = {},
): number[] {
  let now = 0;
  const bucket = new TokenBucketLimiter(rate, options.capacity, () => now);
  const granted: number[] = [];
  while (now < durationMs) {
    const taken = bucket.take(64);
    for (let i = 0; i < taken; i++) granted.push(now);
    const wait = bucket.msUntilNext();
    // Node's timers fire no sooner than 1 ms, and often a little later.
    const sleep = Math.max(1, wait);
    now += sleep + (options.lagMs?.(sleep) ?? 0) + (options.pause?.(now) ?? 0);
  }
  return granted;
}

/** The most grants in any window [t, t + 1000 ms). */
function busiestSecond(granted: number[]): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < granted.length; last++) {
    while (granted[last] - granted[first] >= 1_000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** A repeatable lag of 0 to `maxMs` milliseconds. */
function lag(maxMs: number): () => number {
  let seed = 42;
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return (seed / 2 ** 31) * maxMs;
  };
}

describe('TokenBucketLimiter', () => {
  it('lets no more than the rate through in the first second, spread evenly', () => {
    const granted = consume(20, 1_000);
    expect(granted.filter((t) => t < 1_000)).toHaveLength(20);
    expect(granted.slice(0, 3)).toEqual([0, 50, 100]);
  });

  it('lets no more than the rate through in any second of a long run with late timers', () => {
    for (const rate of [3, 20, 250]) {
      const granted = consume(rate, 120_000, { lagMs: lag(7) });
      expect(busiestSecond(granted)).toBeLessThanOrEqual(rate);
    }
  });

  it('does not add a burst saved up while the caller was busy to the next second', () => {
    // Busy for 400 ms of every 1.3 s: the bucket fills up, as when a chunk is settled.
    const pause = (now: number) => (now % 1_300 < 5 ? 400 : 0);
    for (const capacity of [undefined, 50]) {
      const granted = consume(50, 60_000, { capacity, pause });
      expect(busiestSecond(granted)).toBeLessThanOrEqual(50);
    }
  });

  it('holds the requested rate over a long run (within 2 %)', () => {
    for (const rate of [7, 20, 333]) {
      const granted = consume(rate, 60_000, { lagMs: lag(3) });
      expect(granted.length / 60).toBeGreaterThanOrEqual(rate * 0.98);
      expect(granted.length / 60).toBeLessThanOrEqual(rate * 1.02);
    }
  });

  it('reaches 2,000 a second with millisecond timers that fire late', () => {
    const granted = consume(2_000, 10_000, { lagMs: lag(4) });
    expect(granted.length / 10).toBeGreaterThanOrEqual(2_000 * 0.98);
    expect(busiestSecond(granted)).toBeLessThanOrEqual(2_000);
  });

  it('waits for the oldest grants to leave the window once a second is full', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(10, 10, () => now);
    expect(bucket.take(5)).toBe(1);
    now = 1_001;
    expect(bucket.take(20)).toBe(10);
    now = 1_501;
    expect(bucket.take(1)).toBe(0);
    // Counted for the whole millisecond they went in, as the clock may have fractions.
    expect(bucket.msUntilNext()).toBe(501);
    now = 2_001;
    expect(bucket.take(1)).toBe(0);
    now = 2_002;
    expect(bucket.take(20)).toBe(10);
  });

  it('paces rates below one per second one at a time', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(0.5, undefined, () => now);
    expect(bucket.take(3)).toBe(1);
    expect(bucket.msUntilNext()).toBe(2_000);
    now += 10_000;
    expect(bucket.take(3)).toBe(1);
    expect(bucket.take(3)).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucketLimiter(0)).toThrow(RangeError);
    expect(() => new TokenBucketLimiter(Number.NaN)).toThrow(RangeError);
  });
});
