import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import { epochMsTransformer } from './epoch-ms.transformer.js';

/**
 * One event in the transactional outbox, stored by `OutboxPublisher.add` in the caller's
 * transaction and published by the `OutboxRelay` after the commit. `id` is the publishing
 * order; `sequence` the event's position in its group. The schema is owned by
 * `CreateMessagingTables`, never by `synchronize`.
 */
@Entity({ name: MESSAGING_TABLES.outbox })
@Index('idx_messaging_outbox_group', ['groupKey', 'sequence'], { unique: true })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'message_id', type: 'varchar', length: 36, unique: true })
  messageId: string;

  @Column({ type: 'varchar', length: 255 })
  type: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  destination: string | null;

  @Column({ name: 'group_key', type: 'varchar', length: 255 })
  groupKey: string;

  @Column({ type: 'integer' })
  sequence: number;

  /** The payload as JSON text, published byte for byte as stored. */
  @Column({ type: 'text' })
  payload: string;

  /** Headers as JSON text. */
  @Column({ type: 'text' })
  headers: string;

  @Column({
    name: 'created_at',
    type: 'bigint',
    transformer: epochMsTransformer,
  })
  createdAt: number;

  @Column({
    name: 'published_at',
    type: 'bigint',
    nullable: true,
    transformer: epochMsTransformer,
  })
  publishedAt: number | null;

  /** Failed publishing attempts. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Relay instance holding the row, until `claimedUntil`. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({
    name: 'claimed_until',
    type: 'bigint',
    nullable: true,
    transformer: epochMsTransformer,
  })
  claimedUntil: number | null;
}
