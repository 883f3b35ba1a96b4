// Module
export { WorkflowsModule } from './workflows.module.js';
export type { WorkflowsModuleExtras } from './workflows.module-definition.js';
export type { WorkflowsModuleOptions } from './workflows-module-options.interface.js';
export { StepPipeline } from './decorators/step-pipeline.decorator.js';
// Pipelines: what an application writes
export type { PipelineDefinition } from './pipelines/pipeline-definition.interface.js';
export type {
  PipelineStep,
  StepInput,
} from './pipelines/pipeline-step.interface.js';
// Engine: submitting, reading and processing messages
export {
  WorkflowEngine,
  type SubmissionReceipt,
  type WorkflowSubmission,
} from './engine/workflow-engine.service.js';
export type { ProcessResult } from './engine/message.processor.js';
export { PipelineStatus } from './pipelines/pipeline-status.enum.js';
export { StepAction } from './pipelines/step-action.enum.js';
export { StepOutcome } from './pipelines/step-outcome.enum.js';
export { HandlingStrategy } from './pipelines/handling-strategy.enum.js';
export type {
  Checkpoint,
  CheckpointError,
} from './pipelines/checkpoint.interface.js';
export type { StepHistoryEntry } from './pipelines/step-history-entry.interface.js';
// Dead letters: replaying the engine's dead letters from their checkpoint
export { WorkflowReplayService } from './dead-letters/workflow-replay.service.js';
export type { WorkflowDeadLetterDestination } from './dead-letters/workflow-dead-letter-destination.interface.js';
// Recovery and health
export { RecoveryScheduler } from './recovery/recovery.scheduler.js';
export type {
  RecoveryReport,
  RecoveryRunSummary,
} from './recovery/recovery-job.interface.js';
export {
  WorkflowHealthIndicator,
  WORKFLOW_HEALTH_KEY,
} from './health/workflow.health.js';
// Checkpoint storage: the port, an in-memory store, and the TypeORM store's tables
export {
  CheckpointStore,
  type CheckpointClaim,
  type CheckpointStats,
} from './pipelines/checkpoint.store.js';
export {
  applyCheckpointPatch,
  type CheckpointPatch,
  type NewCheckpoint,
} from './pipelines/checkpoint.interface.js';
export {
  LEASED_PIPELINE_STATUSES,
  FINISHED_PIPELINE_STATUSES,
  statusOnClaim,
} from './pipelines/pipeline-status.enum.js';
export { checkpointDueTime } from './pipelines/checkpoint-due-time.js';
export { InMemoryCheckpointStore } from './pipelines/in-memory-checkpoint.store.js';
export {
  WORKFLOW_ENTITIES,
  WORKFLOW_MIGRATIONS,
} from './typeorm/workflow-typeorm.constants.js';
// Errors
export {
  RecoveryJobNotFoundError,
  isRecoveryJobNotFoundError,
} from './errors/recovery-job-not-found.error.js';
export {
  WorkflowMessageBusyError,
  isWorkflowMessageBusyError,
} from './errors/workflow-message-busy.error.js';
export {
  WorkflowMessageNotFoundError,
  isWorkflowMessageNotFoundError,
} from './errors/workflow-message-not-found.error.js';
