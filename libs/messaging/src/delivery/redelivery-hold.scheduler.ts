import type { InboundMessage } from './inbound-message.interface.js';

/**
 * Holds messages, unacknowledged, until their next delivery: each wait is cut into slices of
 * `keepAliveMs`, after each of which the transport is told the message is still in work
 * (JetStream: `working()`). A hold ends early when the message's channel closes or when
 * {@link wakeAll} is called (the consumer is closing): the broker then delivers it again.
 */
export class RedeliveryHoldScheduler {
  private readonly waking = new Set<() => void>();
  private closed = false;

  /** @param keepAliveMs longest slice between two keep-alives */
  constructor(private readonly keepAliveMs: number) {}

  /** Waits `ms` with `message` held; resolves early if it can no longer be settled here. */
  async hold(message: InboundMessage, ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || this.closed || !message.isAlive()) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waking.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, this.keepAliveMs));
        this.waking.add(wake);
      });
      if (!this.closed && until > Date.now()) message.keepAlive?.();
    }
  }

  /** Ends every hold now, and any later one at once. */
  wakeAll(): void {
    this.closed = true;
    for (const wake of this.waking) wake();
  }
}
