import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucketLimiter } from './token-bucket.limiter.js';

/**
 * Hands out a bulk replay's send tokens at its rate, one per delivery, to workers in turn:
 * each waits behind the previous one rather than all polling together, so a delivery goes out
 * just after its token, and the rate holds for what the destinations receive.
 */
export class BulkReplayPacer {
  private readonly limiter: TokenBucketLimiter;
  /** The last token wait handed out. */
  private queue: Promise<boolean> = Promise.resolve(true);

  /**
   * @param ratePerSecond deliveries per second
   * @param signal aborts every wait
   * @param mayGo checked before each grant; false stops handing out tokens
   */
  constructor(
    ratePerSecond: number,
    private readonly signal: AbortSignal,
    private readonly mayGo: () => boolean,
  ) {
    this.limiter = new TokenBucketLimiter(ratePerSecond);
  }

  /** Waits, in turn, for one token. @returns false once stopped */
  token(): Promise<boolean> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  private async wait(): Promise<boolean> {
    for (;;) {
      if (this.signal.aborted || !this.mayGo()) return false;
      if (this.limiter.take(1) === 1) return true;
      try {
        await sleep(this.limiter.msUntilNext(), undefined, {
          signal: this.signal,
        });
      } catch {
        return false;
      }
    }
  }
}
