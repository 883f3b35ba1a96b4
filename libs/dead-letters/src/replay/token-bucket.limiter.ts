/** The window over which the rate is held. */
const WINDOW_MS = 1_000;
/**
 * Milliseconds a grant is counted for: one more than the window, because a grant anywhere in a
 * millisecond must still be counted a whole window after it, with a clock that has fractions.
 */
const SLOTS = WINDOW_MS + 1;

/**
 * Token bucket pacing a bulk replay: `ratePerSecond` tokens a second, spread evenly, and never
 * more than the rate (rounded up to a whole number) in any one-second window, the first one
 * included.
 *
 * The bucket starts with one token and holds a small burst (`capacity`), so a timer that fires a
 * few milliseconds late does not lose the tokens it overslept and high rates stay reachable with
 * millisecond timers. A burst saved up while the caller was busy would let a second see the
 * burst plus the refill, so every grant is also counted per millisecond over the last second,
 * and a grant that would make that count exceed the rate waits until the oldest ones age out.
 * Pure apart from the injected clock.
 */
export class TokenBucketLimiter {
  private tokens = 1;
  private updatedAt: number;
  private readonly capacity: number;
  private readonly perWindow: number;
  /** Grants in each millisecond of the last window, indexed by millisecond modulo `SLOTS`. */
  private readonly recent = new Float64Array(SLOTS);
  private recentTotal = 0;
  /** The newest millisecond counted in `recent`. */
  private recentUpTo: number;

  /**
   * @param ratePerSecond refill rate, > 0
   * @param capacity most tokens held @default 1 below one per second, otherwise 50 ms of tokens
   *   and at least 2
   * @param now the clock, in milliseconds @default Date.now
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
    // Two tokens keep the fraction a late timer overslept; below one a second, a burst of two
    // would put two grants into one second.
    const burst =
      ratePerSecond < 1 ? 1 : Math.max(2, Math.ceil(ratePerSecond / 20));
    this.capacity = Math.max(1, capacity ?? burst);
    this.perWindow = Math.max(1, Math.ceil(ratePerSecond));
    this.updatedAt = now();
    this.recentUpTo = Math.floor(this.updatedAt);
  }

  /** Takes up to `wanted` whole tokens, as many as may go now. @returns how many */
  take(wanted: number): number {
    const slot = this.advance();
    const taken = Math.min(
      Math.floor(wanted),
      Math.floor(this.tokens),
      this.perWindow - this.recentTotal,
    );
    if (taken <= 0) return 0;
    this.tokens -= taken;
    this.recent[index(slot)] += taken;
    this.recentTotal += taken;
    return taken;
  }

  /** Milliseconds until one whole token may go (0 if one may now). */
  msUntilNext(): number {
    const slot = this.advance();
    const forToken =
      this.tokens >= 1
        ? 0
        : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
    return Math.max(forToken, this.msUntilWindowRoom(slot));
  }

  /** Refills the bucket and forgets grants older than the window. @returns the current slot */
  private advance(): number {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, now);
    this.tokens = Math.min(
      this.capacity,
      this.tokens + (elapsed * this.ratePerSecond) / 1000,
    );
    // A clock stepping back counts its grants in the newest slot rather than a forgotten one.
    const slot = Math.max(this.recentUpTo, Math.floor(now));
    const from = Math.max(this.recentUpTo + 1, slot - SLOTS + 1);
    for (let s = from; s <= slot; s++) {
      this.recentTotal -= this.recent[index(s)];
      this.recent[index(s)] = 0;
    }
    this.recentUpTo = slot;
    return slot;
  }

  private msUntilWindowRoom(slot: number): number {
    let excess = this.recentTotal + 1 - this.perWindow;
    if (excess <= 0) return 0;
    for (let s = slot - SLOTS + 1; s <= slot; s++) {
      excess -= this.recent[index(s)];
      if (excess <= 0) return Math.ceil(s + SLOTS - this.updatedAt);
    }
    return SLOTS;
  }
}

function index(slot: number): number {
  return ((slot % SLOTS) + SLOTS) % SLOTS;
}
