import type { EntityManager } from 'typeorm';
import type { MessageDelivery } from '../delivery/message-delivery.js';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import {
  rowsOf,
  type MessagingTransactionRunner,
  type PreparedCall,
} from '../storage/messaging-transaction.runner.js';
import { InboxStatus } from './inbox-status.enum.js';

/**
 * The answer of {@link InboxStore.claim}, inside the effect's transaction: `dead-lettered`
 * when the message was not applied because it is in the dead letter queue (a copy published
 * again), `duplicate` when it was applied already.
 */
export type InboxClaim =
  'claimed' | 'duplicate' | 'dead-lettered' | 'out-of-order';

/**
 * The inbox's claims, for PostgreSQL and SQLite: what makes a message's effect apply once and
 * in order. A sequenced message is claimed by moving its group from `n - 1` to `n` (on
 * PostgreSQL a prepared statement sent with the transaction's `BEGIN`, so idempotency and
 * ordering cost no extra round trip); any other message by inserting its id as done. Failures
 * and dead-lettering are kept by the `InboxFailureStore`.
 */
export class InboxStore {
  private readonly inbox: string;
  private readonly groups: string;
  private readonly startSql: string;
  private readonly advanceSql: string;

  constructor(private readonly db: MessagingTransactionRunner) {
    this.inbox = db.table(MESSAGING_TABLES.inbox);
    this.groups = db.table(MESSAGING_TABLES.inboxGroups);
    this.startSql = `INSERT INTO ${this.groups} (consumer, group_key, last_sequence, last_message_id)
      VALUES ($1, $2, 1, $3) ON CONFLICT (consumer, group_key) DO NOTHING RETURNING 1 AS claimed`;
    this.advanceSql = `UPDATE ${this.groups} SET last_sequence = $3, last_message_id = $4
      WHERE consumer = $1 AND group_key = $2 AND last_sequence = $3 - 1 RETURNING 1 AS claimed`;
  }

  /** Last position applied in a group; 0 when nothing was. */
  async groupPosition(consumer: string, groupKey: string): Promise<number> {
    const [row] = rowsOf<{ last_sequence: number | string }>(
      await this.db.query(
        this.db.sql(
          `SELECT last_sequence FROM ${this.groups} WHERE consumer = ? AND group_key = ?`,
        ),
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
   * `duplicate`, `dead-lettered` and `out-of-order` leave the caller to roll back (or simply
   * not apply). Only a message found taken has its inbox record read, to tell the two first.
   */
  async claim(
    manager: EntityManager,
    delivery: MessageDelivery,
  ): Promise<InboxClaim> {
    if (delivery.sequenced) {
      const outcome = await this.claimPosition(manager, delivery);
      if (
        outcome === 'claimed' &&
        (delivery.priorAttempts > 0 || delivery.attempts > 1)
      ) {
        await this.markDone(manager, delivery);
      }
      return outcome === 'duplicate'
        ? this.whyTaken(manager, delivery)
        : outcome;
    }
    return (await this.markDone(manager, delivery))
      ? 'claimed'
      : this.whyTaken(manager, delivery);
  }

  /** A message found taken: `dead-lettered` when its record says so, else `duplicate`. */
  private async whyTaken(
    manager: EntityManager,
    delivery: MessageDelivery,
  ): Promise<InboxClaim> {
    const [row] = rowsOf<{ status: string }>(
      await manager.query(
        this.db.sql(
          `SELECT status FROM ${this.inbox} WHERE consumer = ? AND message_id = ?`,
        ),
        [delivery.consumer, delivery.messageId],
      ),
    );
    return row?.status === InboxStatus.DEAD_LETTERED
      ? 'dead-lettered'
      : 'duplicate';
  }

  private async claimPosition(
    manager: EntityManager,
    delivery: MessageDelivery,
  ): Promise<InboxClaim> {
    const { consumer, groupKey, sequence } =
      delivery as Required<MessageDelivery>;
    if (await this.advance(manager, delivery)) return 'claimed';
    return (await this.positionIn(manager, consumer, groupKey)) >= sequence
      ? 'duplicate'
      : 'out-of-order';
  }

  /**
   * PostgreSQL: the claim of a sequenced message, to travel with the `BEGIN` of the effect's
   * transaction in one round trip (see `MessagingTransactionRunner.transactionWith`): one plain
   * statement, prepared once per connection, moving the group from `n - 1` to `n` (a HOT
   * update), or starting it at 1.
   */
  claimStatement(delivery: MessageDelivery): PreparedCall {
    const { consumer, groupKey, sequence, messageId } =
      delivery as Required<MessageDelivery>;
    if (!Number.isSafeInteger(sequence) || sequence < 1)
      throw new RangeError(`Invalid sequence ${sequence}`);
    return sequence === 1
      ? {
          name: 'resilience_inbox_start',
          text: this.startSql,
          types: ['varchar', 'varchar', 'varchar'],
          values: [consumer, groupKey, messageId],
        }
      : {
          name: 'resilience_inbox_advance',
          text: this.advanceSql,
          types: ['varchar', 'varchar', 'int', 'varchar'],
          values: [consumer, groupKey, sequence, messageId],
        };
  }

  /** Reads the outcome of {@link claimStatement} (`rows`: what it returned), in the same transaction. */
  async claimed(
    manager: EntityManager,
    delivery: MessageDelivery,
    rows: unknown[],
  ): Promise<InboxClaim> {
    if (rows.length === 0) {
      // Position 1 taken means a duplicate; otherwise the group's position tells.
      if (delivery.sequence === 1) return this.whyTaken(manager, delivery);
      const position = await this.positionIn(
        manager,
        delivery.consumer,
        delivery.groupKey!,
      );
      return position >= delivery.sequence!
        ? this.whyTaken(manager, delivery)
        : 'out-of-order';
    }
    if (delivery.priorAttempts > 0 || delivery.attempts > 1)
      await this.markDone(manager, delivery);
    return 'claimed';
  }

  private async positionIn(
    manager: EntityManager,
    consumer: string,
    groupKey: string,
  ): Promise<number> {
    const [row] = rowsOf<{ last_sequence: number | string }>(
      await manager.query(
        this.db.sql(
          `SELECT last_sequence FROM ${this.groups} WHERE consumer = ? AND group_key = ?`,
        ),
        [consumer, groupKey],
      ),
    );
    return row ? Number(row.last_sequence) : 0;
  }

  /** Marks the message done by id, unless it is already. @returns whether it was not */
  private async markDone(
    manager: EntityManager,
    delivery: MessageDelivery,
  ): Promise<boolean> {
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

  /** Moves the group of a sequenced message from `n - 1` to `n`. @returns whether it moved */
  async advance(
    manager: EntityManager,
    delivery: MessageDelivery,
  ): Promise<boolean> {
    const sequence = delivery.sequence!;
    const moved = rowsOf(
      await manager.query(
        this.db.sql(
          `UPDATE ${this.groups} SET last_sequence = ?, last_message_id = ?
            WHERE consumer = ? AND group_key = ? AND last_sequence = ? RETURNING 1`,
        ),
        [
          sequence,
          delivery.messageId ?? null,
          delivery.consumer,
          delivery.groupKey,
          sequence - 1,
        ],
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
