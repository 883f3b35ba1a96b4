import { setTimeout as sleep } from 'node:timers/promises';

/** Delivered entries settled together, and how many of each kind. */
export interface SettledDeliveries {
  resolved: number;
  handedOver: number;
}

/**
 * Settles a bulk replay's deliveries as they finish, without holding the workers: entries
 * queue here and are written in batches that form by themselves (one entry at a time at low
 * rates; at high ones, whatever arrived during the previous write and the `gapMs` after it).
 * A crash therefore leaves unsettled only what was delivered in the last moment, not a whole
 * chunk. After each batch `after` runs (the job stores its progress). The first failure stops
 * the settling: `onError` hears it, and {@link drain} throws it.
 */
export class BulkReplaySettler {
  private resolved: string[] = [];
  private handedOver: string[] = [];
  private flushing?: Promise<void>;
  private active = false;
  private error?: unknown;

  /**
   * @param settle writes one batch of one kind (`handedOver` or resolved)
   * @param after runs after each batch, with what it settled
   * @param onError hears the first failure
   * @param gapMs pause after a write before the next, so that batches grow at high rates
   */
  constructor(
    private readonly settle: (
      ids: readonly string[],
      handedOver: boolean,
    ) => Promise<unknown>,
    private readonly after: (settled: SettledDeliveries) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly gapMs = 0,
  ) {}

  /** Queues a delivered entry. */
  add(id: string, handedOver: boolean): void {
    (handedOver ? this.handedOver : this.resolved).push(id);
    if (!this.active) {
      this.active = true;
      this.flushing = this.flush();
    }
  }

  /** Resolves once every queued entry is settled. @throws the failure that stopped settling */
  async drain(): Promise<void> {
    while (this.active) await this.flushing;
    if (this.error !== undefined) throw this.error;
  }

  private async flush(): Promise<void> {
    try {
      while (this.error === undefined && this.pending() > 0) {
        const resolved = this.resolved;
        const handedOver = this.handedOver;
        this.resolved = [];
        this.handedOver = [];
        try {
          if (resolved.length > 0) await this.settle(resolved, false);
          if (handedOver.length > 0) await this.settle(handedOver, true);
          await this.after({
            resolved: resolved.length,
            handedOver: handedOver.length,
          });
        } catch (error) {
          this.error = error;
          this.onError(error);
        }
        if (this.gapMs > 0 && this.pending() > 0) await sleep(this.gapMs);
      }
    } finally {
      // Nothing awaits between the last look at the queue and this: an entry added later
      // starts a new flush.
      this.active = false;
    }
  }

  private pending(): number {
    return this.resolved.length + this.handedOver.length;
  }
}
