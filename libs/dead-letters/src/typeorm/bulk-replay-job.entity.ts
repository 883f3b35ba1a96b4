import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Name of the bulk replay job table. */
export const BULK_REPLAY_JOB_TABLE = 'dead_letter_replay_jobs';

/**
 * Row of a bulk replay job: its request, its progress and position, and the lease of the
 * instance running it. Column types are the ones both PostgreSQL and SQLite know; the
 * migration picks the physical types per driver. The schema is owned by the migration.
 */
@Entity({ name: BULK_REPLAY_JOB_TABLE })
@Index('idx_dead_letter_replay_jobs_started', ['startedAt', 'id'])
@Index('idx_dead_letter_replay_jobs_state_lease', ['state', 'leaseExpiresAt'])
export class BulkReplayJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  /** The filter, members as strings. */
  @Column({ type: 'json' })
  filter: Record<string, string>;

  @Column({ name: 'rate_per_second', type: 'double precision' })
  ratePerSecond: number;

  @Column({ name: 'max_entries', type: 'integer', nullable: true })
  maxEntries: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  actor: string | null;

  @Column({ type: 'integer', default: 0 })
  claimed: number;

  @Column({ type: 'integer', default: 0 })
  delivered: number;

  @Column({ name: 'handed_over', type: 'integer', default: 0 })
  handedOver: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ type: 'integer', default: 0 })
  released: number;

  @Column({ type: 'integer', default: 0 })
  skipped: number;

  @Column({ name: 'position_created_at', type: Date, nullable: true })
  positionCreatedAt: Date | null;

  @Column({ name: 'position_id', type: 'varchar', length: 36, nullable: true })
  positionId: string | null;

  @Column({ name: 'chunk_token', type: 'varchar', length: 36, nullable: true })
  chunkToken: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  owner: string | null;

  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  @Column({ name: 'lease_expires_at', type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'heartbeat_at', type: Date, nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  takeovers: number;

  @Column({ name: 'cancel_requested_at', type: Date, nullable: true })
  cancelRequestedAt: Date | null;

  @Column({
    name: 'cancel_requested_by',
    type: 'varchar',
    length: 255,
    nullable: true,
  })
  cancelRequestedBy: string | null;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
