import { TokenBucketLimiter } from './token-bucket.limiter.js';

describe('TokenBucketLimiter', () => {
  it('starts with one second of tokens and refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(10, undefined, () => now);
    expect(bucket.take(25)).toBe(10);
    expect(bucket.take(1)).toBe(0);
    expect(bucket.msUntilNext()).toBe(100);
    now += 350;
    expect(bucket.take(10)).toBe(3);
    now += 10_000;
    expect(bucket.take(100)).toBe(10);
  });

  it('never lets more than the rate through over any second', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(5, undefined, () => now);
    let taken = bucket.take(5);
    for (let t = 0; t < 1_000; t += 10) {
      now += 10;
      taken += bucket.take(5);
    }
    // The saved-up second plus one second of refill.
    expect(taken).toBeLessThanOrEqual(10);
  });

  it('takes refunds back up to its capacity', () => {
    const bucket = new TokenBucketLimiter(2, 2, () => 0);
    expect(bucket.take(2)).toBe(2);
    bucket.refund(5);
    expect(bucket.take(5)).toBe(2);
  });

  it('paces rates below one per second with a capacity of one', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(0.5, undefined, () => now);
    expect(bucket.take(3)).toBe(1);
    expect(bucket.msUntilNext()).toBe(2_000);
    now += 2_000;
    expect(bucket.take(3)).toBe(1);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucketLimiter(0)).toThrow(RangeError);
    expect(() => new TokenBucketLimiter(Number.NaN)).toThrow(RangeError);
  });
});
