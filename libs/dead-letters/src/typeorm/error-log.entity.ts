import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Name of the error log table. */
export const ERROR_LOG_TABLE = 'error_log';

/**
 * Row of the durable error log (`TypeOrmErrorLogStore`): the HIGH and CRITICAL errors the
 * exception filter records. Internal: it keeps messages and stacks.
 */
@Entity({ name: ERROR_LOG_TABLE })
@Index('idx_error_log_timestamp', ['timestamp'])
@Index('idx_error_log_severity_timestamp', ['severity', 'timestamp'])
@Index('idx_error_log_request', ['requestId'])
@Index('idx_error_log_resolved_timestamp', ['resolvedAt', 'timestamp'])
export class ErrorLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: Date })
  timestamp: Date;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'integer' })
  status: number;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  severity: string;

  @Column({ type: 'varchar', length: 100 })
  rule: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;

  @Column({ type: 'json' })
  context: Record<string, unknown>;

  @Column({ type: 'json' })
  error: Record<string, unknown>;

  /** When an operator resolved it; `null` while open. */
  @Column({ name: 'resolved_at', type: Date, nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 128, nullable: true })
  resolvedBy: string | null;

  @Column({
    name: 'resolution_reason',
    type: 'varchar',
    length: 1000,
    nullable: true,
  })
  resolutionReason: string | null;
}
