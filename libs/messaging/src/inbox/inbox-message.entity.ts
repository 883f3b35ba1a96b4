import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import { epochMsTransformer } from '../outbox/epoch-ms.transformer.js';

/**
 * One consumed message in the inbox, keyed by consumer and message id. Written in the same
 * transaction as the message's effect, so "applied" and "recorded as applied" cannot differ.
 * The schema is owned by `CreateMessagingTables` and `AddInboxRedelivery`, never by `synchronize`.
 */
@Entity({ name: MESSAGING_TABLES.inbox })
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 255 })
  messageId: string;

  /** An `InboxStatus`. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** Handler invocations spent, across deliveries. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Deliveries that ran the handler and failed for a "later" reason. */
  @Column({ type: 'integer', default: 0 })
  deliveries: number;

  /** Failed attempts, one JSON `AttemptRecord` a line, oldest first. */
  @Column({ name: 'attempt_history', type: 'text', nullable: true })
  attemptHistory: string | null;

  @Column({ name: 'group_key', type: 'varchar', length: 255, nullable: true })
  groupKey: string | null;

  @Column({ type: 'integer', nullable: true })
  sequence: number | null;

  @Column({
    name: 'last_error_name',
    type: 'varchar',
    length: 255,
    nullable: true,
  })
  lastErrorName: string | null;

  @Column({
    name: 'last_error_code',
    type: 'varchar',
    length: 100,
    nullable: true,
  })
  lastErrorCode: string | null;

  @Column({ name: 'last_error_message', type: 'text', nullable: true })
  lastErrorMessage: string | null;

  @Column({
    name: 'dead_letter_id',
    type: 'varchar',
    length: 36,
    nullable: true,
  })
  deadLetterId: string | null;

  @Column({
    name: 'updated_at',
    type: 'bigint',
    transformer: epochMsTransformer,
  })
  updatedAt: number;
}
