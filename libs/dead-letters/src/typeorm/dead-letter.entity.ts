import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/** Name of the dead letter table. */
export const DEAD_LETTER_TABLE = 'dead_letters';

/**
 * Row of the dead letter table. Column types are the ones both PostgreSQL and SQLite know
 * (`json`, `Date`); the migration picks the physical types per driver (`timestamptz` vs
 * `datetime`). The schema is owned by the migration, never by `synchronize`.
 *
 * With an encryption key, `payload`, `headers` and `error_message` hold sealed values
 * (`enc:v1:<keyId>:...`, a JSON string in the JSON columns); every column a query filters or
 * sorts on stays plaintext.
 */
@Entity({ name: DEAD_LETTER_TABLE })
@Index('idx_dead_letters_created', ['createdAt', 'id'])
@Index('idx_dead_letters_status_created', ['status', 'createdAt'])
@Index('idx_dead_letters_source', ['source'])
@Index('idx_dead_letters_source_message', ['source', 'messageId'])
@Index('idx_dead_letters_destination', ['destination'])
@Index('idx_dead_letters_resolved', ['resolvedAt'])
@Index('idx_dead_letters_claim', ['claimToken'])
@Index('idx_dead_letters_status_replayed', ['status', 'replayedAt'])
export class DeadLetterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 255 })
  source: string;

  @Column({ type: 'varchar', length: 2048 })
  destination: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pattern: string | null;

  /** The payload, or its sealed JSON text. */
  @Column({ type: 'json', nullable: true })
  payload: unknown;

  /** The headers, or their sealed JSON text. */
  @Column({ type: 'json' })
  headers: Record<string, string> | string;

  @Column({ name: 'error_type', type: 'varchar', length: 255 })
  errorType: string;

  @Column({ name: 'error_code', type: 'varchar', length: 100 })
  errorCode: string;

  @Column({
    name: 'error_source_code',
    type: 'varchar',
    length: 100,
    nullable: true,
  })
  errorSourceCode: string | null;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  severity: string;

  @Column({ name: 'error_message', type: 'text' })
  errorMessage: string;

  @Column({ name: 'retry_count', type: 'integer', default: 0 })
  retryCount: number;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'received_at', type: Date })
  receivedAt: Date;

  @Column({ name: 'first_failed_at', type: Date })
  firstFailedAt: Date;

  @Column({ name: 'last_failed_at', type: Date })
  lastFailedAt: Date;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'trace_id', type: 'varchar', length: 128, nullable: true })
  traceId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'claimed_at', type: Date, nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'last_attempt_at', type: Date, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'replay_count', type: 'integer', default: 0 })
  replayCount: number;

  /** When a replay last handed it over to a transport that cannot confirm the handler. */
  @Column({ name: 'replayed_at', type: Date, nullable: true })
  replayedAt: Date | null;

  @Column({ name: 'resolved_at', type: Date, nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 255, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  // Raised by every UPDATE the query builder makes: the optimistic lock of single claims.
  @VersionColumn({ type: 'integer' })
  version: number;
}
