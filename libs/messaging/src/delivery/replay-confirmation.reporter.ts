import { Logger } from '@nestjs/common';
import type { DeadLetterService } from '@nest-resilience/dead-letters';
import type { MessageDelivery } from './message-delivery.js';

/**
 * Tells the dead letter queue that a replayed message was handled, so its entry, `REPLAYED`
 * since a broker took the replay, becomes `RESOLVED`. A confirmation that cannot be written is
 * logged and given up: the entry returns to `PENDING` after the queue's confirmation timeout,
 * and the next replay is recognised by the inbox as a duplicate, which confirms it again.
 */
export class ReplayConfirmationReporter {
  private readonly logger = new Logger('ReplayConfirmation');

  constructor(private readonly deadLetters: DeadLetterService) {}

  /** Confirms `delivery`'s replay; `undefined` (no promise) when it is not a replay. */
  confirm(delivery: MessageDelivery): Promise<void> | undefined {
    const deadLetterId = delivery.replayOf;
    if (deadLetterId === undefined) return undefined;
    return this.deadLetters.confirmReplay(deadLetterId).then(
      () => undefined,
      (error: unknown) =>
        this.logger.warn(
          `Replay of dead letter ${deadLetterId} was handled but not confirmed; its entry ` +
            `returns to PENDING after the confirmation timeout: ${String(error)}`,
        ),
    );
  }
}
