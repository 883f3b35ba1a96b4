import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CheckpointError } from '../pipelines/checkpoint.interface.js';

/**
 * Name of the table holding messages and their checkpoints; kept from the engine's first
 * release, so existing databases need no rename.
 */
export const WORKFLOW_MESSAGE_TABLE = 'integration_messages';

/**
 * Row of a message with its checkpoint. Column types are the ones PostgreSQL and SQLite both
 * know; the migration owns the schema (physical types per driver), never `synchronize`.
 */
@Entity({ name: WORKFLOW_MESSAGE_TABLE })
@Index('uq_integration_messages_type_message', ['type', 'messageId'], {
  unique: true,
})
@Index('idx_integration_messages_status_lease', ['status', 'leaseUntil'])
@Index('idx_integration_messages_status_next', ['status', 'nextAttemptAt'])
@Index('idx_integration_messages_finished', ['finishedAt'])
@Index('idx_integration_messages_lease_token', ['leaseToken'])
export class WorkflowMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'json' })
  payload: unknown;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ name: 'completed_steps', type: 'json' })
  completedSteps: string[];

  @Column({ type: 'json' })
  outputs: Record<string, unknown>;

  @Column({ name: 'compensated_steps', type: 'json' })
  compensatedSteps: string[];

  @Column({
    name: 'last_completed_step',
    type: 'varchar',
    length: 100,
    nullable: true,
  })
  lastCompletedStep: string | null;

  @Column({
    name: 'current_step',
    type: 'varchar',
    length: 100,
    nullable: true,
  })
  currentStep: string | null;

  @Column({ name: 'retry_count', type: 'integer', default: 0 })
  retryCount: number;

  @Column({ name: 'last_error', type: 'json', nullable: true })
  lastError: CheckpointError | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  @Column({ name: 'lease_until', type: Date, nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'next_attempt_at', type: Date, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;
}
