import { Injectable } from '@nestjs/common';

/**
 * Counts the HTTP requests being answered, and lets shutdown wait until none is left. Fed by
 * `InFlightRequestsMiddleware`.
 */
@Injectable()
export class InFlightRequestsTracker {
  private count = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  /** Requests started and not yet answered. */
  get inFlight(): number {
    return this.count;
  }

  /** Whether shutdown has begun: new requests are refused from then on. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Records a request that started; call the returned function once when it ended. */
  started(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) this.notifyIdle();
    };
  }

  /**
   * Refuses new requests from now on and waits until the ones in flight are answered, or
   * `graceMs` has passed.
   * @returns whether every request finished in time
   */
  async drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    if (this.count === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<boolean>((resolve) =>
      this.idle.push(() => resolve(true)),
    );
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    try {
      return await Promise.race([finished, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private notifyIdle(): void {
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
