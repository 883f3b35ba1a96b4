import { Injectable } from '@nestjs/common';

/**
 * Wakes the outbox relay when a transaction that added events committed, so it need not wait
 * for its next poll (which still covers a commit made outside TypeORM's knowledge).
 */
@Injectable()
export class OutboxSignal {
  private waiters: (() => void)[] = [];

  /** Wakes every waiting relay loop. */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next {@link notify}, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }
}
