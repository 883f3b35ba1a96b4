import type { EntityManager } from 'typeorm';
import type { MessageDelivery } from '../delivery/message-delivery.js';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import {
  rowsOf,
  type MessagingTransactionRunner,
  type PreparedCall,
} from '../storage/messaging-transaction.runner.js';
import { InboxStatus } from './inbox-status.enum.js';

/** What the inbox remembers of a message. */
export interface InboxRecord {
  status: InboxStatus;
  attempts: number;
  lastError?: { name: string; code?: string; message: string };
  deadLetterId?: string;
}

/** The answer of {@link InboxStore.claim}, inside the effect's transaction. */
export type InboxClaim = 'claimed' | 'duplicate' | 'out-of-order';

/** An error as the inbox keeps it. */
export interface RecordedError {
  name: string;
  code?: string;
  message: string;
}

interface InboxRow {
  status: string;
  attempts: number | string;
  last_error_name: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  dead_letter_id: string | null;
}

/**
 * The inbox's statements, for PostgreSQL and SQLite. The claim that guards an effect is one
 * statement on PostgreSQL (a data-modifying CTE: mark the message done and advance its group
 * from `n - 1` to `n`), so idempotency and ordering cost one round trip; SQLite runs the same
 * steps one by one inside the transaction.
 */
export class InboxStore {
  private readonly inbox: string;
  private readonly groups: string;

  constructor(private readonly db: MessagingTransactionRunner) {
    this.inbox = db.table(MESSAGING_TABLES.inbox);
    this.groups = db.table(MESSAGING_TABLES.inboxGroups);
  }

  /** What the inbox knows of a message, if anything. */
  async find(consumer: string, messageId: string): Promise<InboxRecord | undefined> {
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
              ...(row.last_error_code === null ? {} : { code: row.last_error_code }),
              message: row.last_error_message,
            },
          }),
      ...(row.dead_letter_id === null ? {} : { deadLetterId: row.dead_letter_id }),
    };
  }

  /** Last position applied in a group; 0 when nothing was. */
  async groupPosition(consumer: string, groupKey: string): Promise<number> {
    const [row] = rowsOf<{ last_sequence: number | string }>(
      await this.db.query(
        this.db.sql(`SELECT last_sequence FROM ${this.groups} WHERE consumer = ? AND group_key = ?`),
        [consumer, groupKey],
      ),
    );
    return row ? Number(row.last_sequence) : 0;
  }

  /**
   * Inside the effect's transaction, claims the message for its effect.
   *
   * - A sequenced message is claimed by moving its group from `n - 1` to `n` (one statement,
   *   a HOT update on PostgreSQL): the group position is its inbox, `(consumer, group, n)`
   *   naming one message, since the outbox gives each position once. A message that spent
   *   attempts before also gets its inbox row marked done.
   * - Any other message is claimed by inserting its message id as done.
   *
   * `duplicate` and `out-of-order` leave the caller to roll back (or simply not apply).
   */
  async claim(manager: EntityManager, delivery: MessageDelivery): Promise<InboxClaim> {
    if (delivery.sequenced) {
      const outcome = await this.claimPosition(manager, delivery);
      if (outcome === 'claimed' && (delivery.priorAttempts > 0 || delivery.attempts > 1)) {
        await this.markDone(manager, delivery);
      }
      return outcome;
    }
    return (await this.markDone(manager, delivery)) ? 'claimed' : 'duplicate';
  }

  private async claimPosition(manager: EntityManager, delivery: MessageDelivery): Promise<InboxClaim> {
    const { consumer, groupKey, sequence } = delivery as Required<MessageDelivery>;
    if (await this.advance(manager, delivery)) return 'claimed';
    return (await this.positionIn(manager, consumer, groupKey)) >= sequence ? 'duplicate' : 'out-of-order';
  }

  /**
   * PostgreSQL: the claim of a sequenced message, to travel with the `BEGIN` of the effect's
   * transaction in one round trip (see `MessagingTransactionRunner.transactionWith`): one plain
   * statement, prepared once per connection, moving the group from `n - 1` to `n` (a HOT
   * update), or starting it at 1.
   */
  claimStatement(delivery: MessageDelivery): PreparedCall {
    const { consumer, groupKey, sequence, messageId } = delivery as Required<MessageDelivery>;
    if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Invalid sequence ${sequence}`);
    return sequence === 1
      ? {
          name: 'resilience_inbox_start',
          text: `INSERT INTO ${this.groups} (consumer, group_key, last_sequence, last_message_id)
                 VALUES ($1, $2, 1, $3) ON CONFLICT (consumer, group_key) DO NOTHING RETURNING 1 AS claimed`,
          types: ['varchar', 'varchar', 'varchar'],
          values: [consumer, groupKey, messageId],
        }
      : {
          name: 'resilience_inbox_advance',
          text: `UPDATE ${this.groups} SET last_sequence = $3, last_message_id = $4
                  WHERE consumer = $1 AND group_key = $2 AND last_sequence = $3 - 1 RETURNING 1 AS claimed`,
          types: ['varchar', 'varchar', 'int', 'varchar'],
          values: [consumer, groupKey, sequence, messageId],
        };
  }

  /** Reads the outcome of {@link claimStatement} (`rows`: what it returned), in the same transaction. */
  async claimed(manager: EntityManager, delivery: MessageDelivery, rows: unknown[]): Promise<InboxClaim> {
    if (rows.length === 0) {
      // Position 1 taken means a duplicate; otherwise the group's position tells.
      if (delivery.sequence === 1) return 'duplicate';
      const position = await this.positionIn(manager, delivery.consumer, delivery.groupKey!);
      return position >= delivery.sequence! ? 'duplicate' : 'out-of-order';
    }
    if (delivery.priorAttempts > 0 || delivery.attempts > 1) await this.markDone(manager, delivery);
    return 'claimed';
  }

  private async positionIn(manager: EntityManager, consumer: string, groupKey: string): Promise<number> {
    const [row] = rowsOf<{ last_sequence: number | string }>(
      await manager.query(this.db.sql(`SELECT last_sequence FROM ${this.groups} WHERE consumer = ? AND group_key = ?`), [
        consumer,
        groupKey,
      ]),
    );
    return row ? Number(row.last_sequence) : 0;
  }

  /** Marks the message done by id, unless it is already. @returns whether it was not */
  private async markDone(manager: EntityManager, delivery: MessageDelivery): Promise<boolean> {
    const allowed = delivery.replayOf
      ? `('${InboxStatus.PENDING}', '${InboxStatus.DEAD_LETTERED}')`
      : `('${InboxStatus.PENDING}')`;
    const fresh = rowsOf(
      await manager.query(
        this.db.sql(
          `INSERT INTO ${this.inbox} AS i (consumer, message_id, status, attempts, group_key, sequence, updated_at)
           VALUES (?, ?, '${InboxStatus.DONE}', ?, ?, ?, ?)
           ON CONFLICT (consumer, message_id) DO UPDATE
             SET status = '${InboxStatus.DONE}', attempts = ${this.db.greatest(`i.attempts`, 'excluded.attempts')},
                 updated_at = excluded.updated_at
             WHERE i.status IN ${allowed}
           RETURNING 1 AS fresh`,
        ),
        [
          delivery.consumer,
          delivery.messageId,
          delivery.attempt,
          delivery.groupKey ?? null,
          delivery.sequence ?? null,
          Date.now(),
        ],
      ),
    );
    return fresh.length > 0;
  }

  /**
   * Records that an attempt started or failed, in its own transaction, so attempts survive a
   * crash: `attempts` only grows; the error, when given, becomes the last error.
   */
  async recordAttempt(delivery: MessageDelivery, attempt: number, error?: RecordedError): Promise<void> {
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
  async finishDeadLetter(delivery: MessageDelivery, deadLetterId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(
        this.db.sql(
          `UPDATE ${this.inbox} SET status = '${InboxStatus.DEAD_LETTERED}', dead_letter_id = ?, updated_at = ?
            WHERE consumer = ? AND message_id = ?`,
        ),
        [deadLetterId, Date.now(), delivery.consumer, delivery.messageId],
      );
      if (delivery.sequenced) await this.advance(manager, delivery);
    });
  }

  /** Moves the group of a sequenced message from `n - 1` to `n`. @returns whether it moved */
  private async advance(manager: EntityManager, delivery: MessageDelivery): Promise<boolean> {
    const sequence = delivery.sequence!;
    const moved = rowsOf(
      await manager.query(
        this.db.sql(
          `UPDATE ${this.groups} SET last_sequence = ?, last_message_id = ?
            WHERE consumer = ? AND group_key = ? AND last_sequence = ? RETURNING 1`,
        ),
        [sequence, delivery.messageId ?? null, delivery.consumer, delivery.groupKey, sequence - 1],
      ),
    );
    if (moved.length > 0) return true;
    if (sequence !== 1) return false;
    const started = rowsOf(
      await manager.query(
        this.db.sql(
          `INSERT INTO ${this.groups} (consumer, group_key, last_sequence, last_message_id) VALUES (?, ?, 1, ?)
           ON CONFLICT (consumer, group_key) DO NOTHING RETURNING 1`,
        ),
        [delivery.consumer, delivery.groupKey, delivery.messageId ?? null],
      ),
    );
    return started.length > 0;
  }
}
