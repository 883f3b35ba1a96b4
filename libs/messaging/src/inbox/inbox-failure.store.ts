import type { MessageDelivery } from '../delivery/message-delivery.js';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import {
  rowsOf,
  type MessagingTransactionRunner,
} from '../storage/messaging-transaction.runner.js';
import type { InboxRecord, RecordedError } from './inbox-record.interface.js';
import { InboxStatus } from './inbox-status.enum.js';
import type { InboxStore } from './inbox.store.js';

interface InboxRow {
  status: string;
  attempts: number | string;
  last_error_name: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  dead_letter_id: string | null;
}

/**
 * What the inbox keeps about messages that failed: attempts spent across deliveries, the last
 * error, and the dead-lettering state (a write-ahead, so that a crash between the dead letter
 * queue and the acknowledgement neither loses nor doubles the entry). Every statement runs in
 * its own transaction: these records must survive the effect's rollback.
 */
export class InboxFailureStore {
  private readonly inbox: string;

  constructor(
    private readonly db: MessagingTransactionRunner,
    private readonly groups: InboxStore,
  ) {
    this.inbox = db.table(MESSAGING_TABLES.inbox);
  }

  /** What the inbox knows of a message, if anything. */
  async find(
    consumer: string,
    messageId: string,
  ): Promise<InboxRecord | undefined> {
    const [row] = rowsOf<InboxRow>(
      await this.db.query(
        this.db.sql(
          `SELECT status, attempts, last_error_name, last_error_code, last_error_message, dead_letter_id
             FROM ${this.inbox} WHERE consumer = ? AND message_id = ?`,
        ),
        [consumer, messageId],
      ),
    );
    if (!row) return undefined;
    return {
      status: row.status as InboxStatus,
      attempts: Number(row.attempts),
      ...(row.last_error_message === null
        ? {}
        : {
            lastError: {
              name: row.last_error_name ?? 'Error',
              ...(row.last_error_code === null
                ? {}
                : { code: row.last_error_code }),
              message: row.last_error_message,
            },
          }),
      ...(row.dead_letter_id === null
        ? {}
        : { deadLetterId: row.dead_letter_id }),
    };
  }

  /**
   * Records that an attempt started or failed, in its own transaction, so attempts survive a
   * crash: `attempts` only grows; the error, when given, becomes the last error.
   */
  async recordAttempt(
    delivery: MessageDelivery,
    attempt: number,
    error?: RecordedError,
  ): Promise<void> {
    await this.db.query(
      this.db.sql(
        `INSERT INTO ${this.inbox} AS i (consumer, message_id, status, attempts, group_key, sequence,
                               last_error_name, last_error_code, last_error_message, updated_at)
         VALUES (?, ?, '${InboxStatus.PENDING}', ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (consumer, message_id) DO UPDATE
           SET attempts = ${this.db.greatest(`i.attempts`, 'excluded.attempts')},
               last_error_name = COALESCE(excluded.last_error_name, i.last_error_name),
               last_error_code = CASE WHEN excluded.last_error_name IS NULL
                                      THEN i.last_error_code ELSE excluded.last_error_code END,
               last_error_message = COALESCE(excluded.last_error_message, i.last_error_message),
               updated_at = excluded.updated_at
           WHERE i.status = '${InboxStatus.PENDING}'`,
      ),
      [
        delivery.consumer,
        delivery.messageId,
        attempt,
        delivery.groupKey ?? null,
        delivery.sequence ?? null,
        error?.name ?? null,
        error?.code ?? null,
        error ? error.message.slice(0, 2000) : null,
        Date.now(),
      ],
    );
  }

  /** Write-ahead of a dead letter: a crash before it is stored is resumed on redelivery. */
  async beginDeadLetter(delivery: MessageDelivery): Promise<void> {
    await this.db.query(
      this.db.sql(
        `INSERT INTO ${this.inbox} AS i (consumer, message_id, status, attempts, group_key, sequence, updated_at)
         VALUES (?, ?, '${InboxStatus.DEAD_LETTERING}', ?, ?, ?, ?)
         ON CONFLICT (consumer, message_id) DO UPDATE
           SET status = '${InboxStatus.DEAD_LETTERING}',
               attempts = ${this.db.greatest(`i.attempts`, 'excluded.attempts')},
               updated_at = excluded.updated_at
           WHERE i.status IN ('${InboxStatus.PENDING}', '${InboxStatus.DEAD_LETTERED}')`,
      ),
      [
        delivery.consumer,
        delivery.messageId,
        delivery.attempt,
        delivery.groupKey ?? null,
        delivery.sequence ?? null,
        Date.now(),
      ],
    );
  }

  /**
   * The dead letter is stored: the message counts as settled, and its group moves past it so
   * the messages behind it are not held up.
   */
  async finishDeadLetter(
    delivery: MessageDelivery,
    deadLetterId: string,
  ): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(
        this.db.sql(
          `UPDATE ${this.inbox} SET status = '${InboxStatus.DEAD_LETTERED}', dead_letter_id = ?, updated_at = ?
            WHERE consumer = ? AND message_id = ?`,
        ),
        [deadLetterId, Date.now(), delivery.consumer, delivery.messageId],
      );
      if (delivery.sequenced) await this.groups.advance(manager, delivery);
    });
  }
}
