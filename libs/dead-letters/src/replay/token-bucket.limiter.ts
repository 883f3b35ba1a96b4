/**
 * Token bucket pacing a bulk replay: `ratePerSecond` tokens a second, at most `capacity` saved
 * up (one second's worth by default, so the average never exceeds the rate over any second).
 * Pure apart from the injected clock.
 */
export class TokenBucketLimiter {
  private tokens: number;
  private updatedAt: number;
  private readonly capacity: number;

  /**
   * @param ratePerSecond refill rate, > 0
   * @param capacity most tokens held @default max(1, ratePerSecond)
   * @param now the clock @default Date.now
   * @throws RangeError when the rate is not a positive finite number
   */
  constructor(
    private readonly ratePerSecond: number,
    capacity?: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(
        `ratePerSecond must be a positive number, got ${ratePerSecond}`,
      );
    }
    this.capacity = Math.max(1, capacity ?? ratePerSecond);
    this.tokens = this.capacity;
    this.updatedAt = now();
  }

  /** Takes up to `wanted` whole tokens, as many as are there now. @returns how many */
  take(wanted: number): number {
    this.refill();
    const taken = Math.min(Math.floor(wanted), Math.floor(this.tokens));
    if (taken <= 0) return 0;
    this.tokens -= taken;
    return taken;
  }

  /** Puts back tokens taken but not used. */
  refund(count: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, count));
  }

  /** Milliseconds until one whole token is there (0 if one is). */
  msUntilNext(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + (elapsed * this.ratePerSecond) / 1000,
    );
  }
}
