import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CheckpointError } from '../pipelines/checkpoint.interface.js';

/** Name of the table holding every run and undo of every step (kept, as the messages' table). */
export const WORKFLOW_STEP_HISTORY_TABLE = 'integration_step_history';

/** One line of a message's history, appended in the transaction of its checkpoint. */
@Entity({ name: WORKFLOW_STEP_HISTORY_TABLE })
@Index('idx_integration_step_history_message', ['messageId', 'id'])
export class WorkflowStepHistoryEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 100 })
  step: string;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'json', nullable: true })
  error: CheckpointError | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  strategy: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'finished_at', type: Date })
  finishedAt: Date;
}
