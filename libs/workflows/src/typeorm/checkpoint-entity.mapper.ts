import type {
  Checkpoint,
  CheckpointPatch,
  NewCheckpoint,
} from '../pipelines/checkpoint.interface.js';
import type { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import type { StepAction } from '../pipelines/step-action.enum.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import type { StepOutcome } from '../pipelines/step-outcome.enum.js';
import { WorkflowMessageEntity } from './workflow-message.entity.js';
import { WorkflowStepHistoryEntity } from './workflow-step-history.entity.js';

/** The row of a new message: received, nothing done. */
export function toMessageRow(
  input: NewCheckpoint,
  status: PipelineStatus,
  now: Date,
): WorkflowMessageEntity {
  const row = new WorkflowMessageEntity();
  row.id = input.id;
  row.messageId = input.messageId ?? null;
  row.type = input.type;
  row.payload = input.payload;
  row.status = status;
  row.completedSteps = [];
  row.outputs = {};
  row.compensatedSteps = [];
  row.lastCompletedStep = null;
  row.currentStep = null;
  row.retryCount = 0;
  row.lastError = null;
  row.requestId = input.requestId ?? null;
  row.leaseToken = input.leaseToken ?? null;
  row.leaseUntil = input.leaseUntil ?? null;
  row.nextAttemptAt = null;
  row.createdAt = now;
  row.updatedAt = now;
  row.finishedAt = null;
  return row;
}

/** The checkpoint a row holds. */
export function fromMessageRow(row: WorkflowMessageEntity): Checkpoint {
  const optional = <K extends string, V>(key: K, value: V | null) =>
    (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    id: row.id,
    ...optional('messageId', row.messageId),
    type: row.type,
    payload: row.payload,
    status: row.status as PipelineStatus,
    completedSteps: row.completedSteps,
    outputs: row.outputs,
    compensatedSteps: row.compensatedSteps,
    ...optional('lastCompletedStep', row.lastCompletedStep),
    ...optional('currentStep', row.currentStep),
    retryCount: row.retryCount,
    ...optional('lastError', row.lastError),
    ...optional('requestId', row.requestId),
    ...optional('leaseToken', row.leaseToken),
    ...optional('leaseUntil', row.leaseUntil),
    ...optional('nextAttemptAt', row.nextAttemptAt),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...optional('finishedAt', row.finishedAt),
  };
}

/** The column values a patch sets (TypeORM property names; `null` clears). */
export function toPatchValues(
  patch: CheckpointPatch,
  at: Date,
): Partial<WorkflowMessageEntity> {
  const values: Partial<WorkflowMessageEntity> = { updatedAt: at };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  }
  return values;
}

/** The row of one history line. */
export function toHistoryRow(
  messageId: string,
  entry: StepHistoryEntry,
): WorkflowStepHistoryEntity {
  const row = new WorkflowStepHistoryEntity();
  row.messageId = messageId;
  row.step = entry.step;
  row.action = entry.action;
  row.outcome = entry.outcome;
  row.attempt = entry.attempt;
  row.error = entry.error ?? null;
  row.strategy = entry.strategy ?? null;
  row.reason = entry.reason ?? null;
  row.startedAt = entry.startedAt;
  row.finishedAt = entry.finishedAt;
  return row;
}

/** The history line a row holds. */
export function fromHistoryRow(
  row: WorkflowStepHistoryEntity,
): StepHistoryEntry {
  return {
    step: row.step,
    action: row.action as StepAction,
    outcome: row.outcome as StepOutcome,
    attempt: row.attempt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.strategy === null ? {} : { strategy: row.strategy }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}
