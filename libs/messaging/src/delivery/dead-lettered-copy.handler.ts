import { Logger } from '@nestjs/common';
import {
  DeadLetterStatus,
  type DeadLetterService,
} from '@nest-resilience/dead-letters';
import { InboxStatus } from '../inbox/inbox-status.enum.js';
import type { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import { restoreFromInbox } from './delivery-record.util.js';
import type { MessageDelivery } from './message-delivery.js';

/** What becomes of a copy of a dead-lettered message published again. */
export type DeadLetteredCopyOutcome =
  /** Its entry was resolved (or purged after that): the copy is processed. */
  | 'dispatch'
  /** Its entry is still open: the copy is recorded against it, not applied. */
  | 'recorded'
  /** Applied meanwhile (a replay took it): nothing to do. */
  | 'duplicate';

/**
 * Decides on a copy of a dead-lettered message published again without a replay header (a
 * producer re-sending it), so that it is never silently dropped: once its dead letter entry is
 * `RESOLVED` (by an operator, or a confirmed replay) or purged, the inbox record is reopened
 * and the copy processed like a replay (claimed by its id: its group has moved past it);
 * while the entry is open, the copy is counted against the entry and acknowledged. Logs which,
 * once per copy.
 */
export class DeadLetteredCopyHandler {
  private readonly logger = new Logger('DeadLetteredCopy');

  constructor(
    private readonly failures: InboxFailureStore,
    private readonly deadLetters: DeadLetterService,
  ) {}

  /**
   * @throws what the inbox or the dead letter queue throws when they cannot be reached; the
   *   copy is then kept (not acknowledged) and looked at again later
   */
  async admit(delivery: MessageDelivery): Promise<DeadLetteredCopyOutcome> {
    const messageId = delivery.messageId!;
    const record = await this.failures.find(delivery.consumer, messageId);
    if (record === undefined || record.status === InboxStatus.DONE)
      return 'duplicate';
    if (record.status === InboxStatus.DEAD_LETTERED) {
      const entry = await this.deadLetters.findByMessageId(
        delivery.source,
        messageId,
      );
      if (entry && entry.status !== DeadLetterStatus.RESOLVED) {
        const noted = await this.deadLetters.noteRepublished(entry.id);
        this.logger.warn(
          `Message ${messageId} from ${delivery.source} was published again while dead-lettered ` +
            `(entry ${entry.id} is ${entry.status}): not applied, recorded against the entry ` +
            `(copies so far: ${noted?.headers['x-republished-count'] ?? '?'})`,
        );
        return 'recorded';
      }
      await this.failures.reopenForReplay(delivery);
      this.logger.log(
        `Message ${messageId} from ${delivery.source} was published again after its dead letter ` +
          `${entry ? `entry ${entry.id} was RESOLVED` : 'entry was purged'}: processing the copy`,
      );
    } else if (record.status === InboxStatus.DEAD_LETTERING) {
      // Its dead-lettering is being finished; a redelivery of the original settles it.
      return 'duplicate';
    }
    delivery.reopened = true;
    restoreFromInbox(delivery, { ...record, deliveries: 0, history: [] });
    return 'dispatch';
  }
}
