import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';

/**
 * The last applied (or dead-lettered) position of each ordering group, per consumer: the
 * consumer's half of per-group ordering, and the inbox of sequenced messages (the outbox gives
 * each position of a group once, so `(consumer, group, position)` names one message). Advanced
 * in the effect's transaction, and only from `n - 1` to `n`, so a message can never be applied
 * ahead of its predecessor, nor twice.
 */
@Entity({ name: MESSAGING_TABLES.inboxGroups })
export class InboxGroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  consumer: string;

  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 255 })
  groupKey: string;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence: number;

  /** Id of the message at `lastSequence`, for tracing. */
  @Column({
    name: 'last_message_id',
    type: 'varchar',
    length: 255,
    nullable: true,
  })
  lastMessageId: string | null;
}
