import type { AttemptRecord } from '../delivery/attempt-record.interface.js';
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
  deliveries: number | string | null;
  last_error_name: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  attempt_history: string | null;
  dead_letter_id: string | null;
}

/** What one write adds to a message's failure record. */
export interface FailureProgress {
  /** Attempts spent, across deliveries (only ever raised). */
  attempts: number;
  /** Deliveries spent (only ever raised). */
  deliveries: number;
  /** Becomes the last error. */
  error?: RecordedError;
  /** Appended to the attempt history. */
  records?: readonly AttemptRecord[];
}

/** The history column stops growing past this many characters (hundreds of attempts). */
const HISTORY_LIMIT = 65_536;

/**
 * What the inbox keeps about messages that failed: attempts and deliveries spent across
 * deliveries and processes, the last error and the history of failed attempts, and the
 * dead-lettering state (a write-ahead, so that a crash between the dead letter queue and the
 * acknowledgement neither loses nor doubles the entry). Every statement runs in its own
 * transaction: these records must survive the effect's rollback.
 */
export class InboxFailureStore {
  private readonly inbox: string;
  private readonly appendHistory: string;
  private readonly lastError: string;

  constructor(
    private readonly db: MessagingTransactionRunner,
    private readonly groups: InboxStore,
  ) {
    this.inbox = db.table(MESSAGING_TABLES.inbox);
    this.appendHistory = `CASE WHEN excluded.attempt_history IS NULL THEN i.attempt_history
                              WHEN i.attempt_history IS NULL THEN excluded.attempt_history
                              WHEN length(i.attempt_history) > ${HISTORY_LIMIT} THEN i.attempt_history
                              ELSE i.attempt_history || excluded.attempt_history END`;
    this.lastError = `last_error_name = COALESCE(excluded.last_error_name, i.last_error_name),
               last_error_code = CASE WHEN excluded.last_error_name IS NULL
                                      THEN i.last_error_code ELSE excluded.last_error_code END,
               last_error_message = COALESCE(excluded.last_error_message, i.last_error_message)`;
  }

  /** What the inbox knows of a message, if anything. */
  async find(
    consumer: string,
    messageId: string,
  ): Promise<InboxRecord | undefined> {
    const [row] = rowsOf<InboxRow>(
      await this.db.query(
        this.db.sql(
          `SELECT status, attempts, deliveries, last_error_name, last_error_code, last_error_message,
                  attempt_history, dead_letter_id
             FROM ${this.inbox} WHERE consumer = ? AND message_id = ?`,
        ),
        [consumer, messageId],
      ),
    );
    if (!row) return undefined;
    return {
      status: row.status as InboxStatus,
      attempts: Number(row.attempts),
      deliveries: Number(row.deliveries ?? 0),
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
      history: parseHistory(row.attempt_history),
      ...(row.dead_letter_id === null
        ? {}
        : { deadLetterId: row.dead_letter_id }),
    };
  }

  /**
   * Records attempts started or failed and deliveries spent, in its own transaction, so they
   * survive a crash: counts only grow, the error (when given) becomes the last error, and the
   * records are appended to the history. A message applied or dead-lettered is left alone.
   */
  async recordProgress(
    delivery: MessageDelivery,
    progress: FailureProgress,
  ): Promise<void> {
    const { error } = progress;
    await this.db.query(
      this.db.sql(
        `INSERT INTO ${this.inbox} AS i (consumer, message_id, status, attempts, deliveries, group_key, sequence,
                               last_error_name, last_error_code, last_error_message, attempt_history, updated_at)
         VALUES (?, ?, '${InboxStatus.PENDING}', ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (consumer, message_id) DO UPDATE
           SET attempts = ${this.db.greatest('i.attempts', 'excluded.attempts')},
               deliveries = ${this.db.greatest('i.deliveries', 'excluded.deliveries')},
               ${this.lastError},
               attempt_history = ${this.appendHistory},
               updated_at = excluded.updated_at
           WHERE i.status = '${InboxStatus.PENDING}'`,
      ),
      [
        delivery.consumer,
        delivery.messageId,
        progress.attempts,
        progress.deliveries,
        delivery.groupKey ?? null,
        delivery.sequence ?? null,
        error?.name ?? null,
        error?.code ?? null,
        error ? error.message.slice(0, 2000) : null,
        formatHistory(progress.records),
        Date.now(),
      ],
    );
  }

  /**
   * Write-ahead of a dead letter: a crash before it is stored is resumed on redelivery, with
   * the error and history written here.
   */
  async beginDeadLetter(
    delivery: MessageDelivery,
    error?: RecordedError,
    records?: readonly AttemptRecord[],
  ): Promise<void> {
    await this.db.query(
      this.db.sql(
        `INSERT INTO ${this.inbox} AS i (consumer, message_id, status, attempts, deliveries, group_key, sequence,
                               last_error_name, last_error_code, last_error_message, attempt_history, updated_at)
         VALUES (?, ?, '${InboxStatus.DEAD_LETTERING}', ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (consumer, message_id) DO UPDATE
           SET status = '${InboxStatus.DEAD_LETTERING}',
               attempts = ${this.db.greatest('i.attempts', 'excluded.attempts')},
               deliveries = ${this.db.greatest('i.deliveries', 'excluded.deliveries')},
               ${this.lastError},
               attempt_history = ${this.appendHistory},
               updated_at = excluded.updated_at
           WHERE i.status IN ('${InboxStatus.PENDING}', '${InboxStatus.DEAD_LETTERED}')`,
      ),
      [
        delivery.consumer,
        delivery.messageId,
        delivery.attempt,
        delivery.deliveries,
        delivery.groupKey ?? null,
        delivery.sequence ?? null,
        error?.name ?? null,
        error?.code ?? null,
        error ? error.message.slice(0, 2000) : null,
        formatHistory(records),
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

  /**
   * A replay of a dead-lettered message starts a new life: its deliveries, last error and
   * history are cleared (attempts keep counting), so it gets the consumer's full redelivery
   * before it may be dead-lettered again.
   */
  async reopenForReplay(delivery: MessageDelivery): Promise<void> {
    await this.db.query(
      this.db.sql(
        `UPDATE ${this.inbox}
            SET status = '${InboxStatus.PENDING}', deliveries = 0, attempt_history = NULL,
                last_error_name = NULL, last_error_code = NULL, last_error_message = NULL, updated_at = ?
          WHERE consumer = ? AND message_id = ? AND status = '${InboxStatus.DEAD_LETTERED}'`,
      ),
      [Date.now(), delivery.consumer, delivery.messageId],
    );
  }
}

function formatHistory(
  records: readonly AttemptRecord[] | undefined,
): string | null {
  if (!records || records.length === 0) return null;
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

function parseHistory(text: string | null): AttemptRecord[] {
  if (!text) return [];
  const records: AttemptRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as AttemptRecord);
    } catch {
      // A line cut by an old size limit: the others still tell the story.
    }
  }
  return records;
}
