// Module
// Pipelines: multi-step message processing with checkpoints and compensation
export {
  PipelineStatus,
  LEASED_PIPELINE_STATUSES,
  FINISHED_PIPELINE_STATUSES,
  statusOnClaim,
} from './pipelines/pipeline-status.enum.js';
export { StepAction } from './pipelines/step-action.enum.js';
export { StepOutcome } from './pipelines/step-outcome.enum.js';
export type { PipelineStep, StepInput } from './pipelines/pipeline-step.interface.js';
export type { PipelineDefinition } from './pipelines/pipeline-definition.interface.js';
export { applyCheckpointPatch } from './pipelines/checkpoint.interface.js';
export type {
  Checkpoint,
  CheckpointError,
  CheckpointPatch,
  NewCheckpoint,
} from './pipelines/checkpoint.interface.js';
export type { StepHistoryEntry } from './pipelines/step-history-entry.interface.js';
export { CheckpointStore } from './pipelines/checkpoint.store.js';
export { checkpointDueTime } from './pipelines/checkpoint-due-time.js';
export type { CheckpointClaim, CheckpointStats } from './pipelines/checkpoint.store.js';
export { InMemoryCheckpointStore } from './pipelines/in-memory-checkpoint.store.js';
export { StepPipelineRunner } from './pipelines/step-pipeline.runner.js';
export type {
  CompensationFailure,
  CompensationRunResult,
  ForwardRunResult,
  StepPipelineRunnerOptions,
} from './pipelines/step-pipeline.runner.js';
export { HandlingStrategy } from './pipelines/handling-strategy.enum.js';
export {
  determineHandlingStrategy,
  type HandlingTimings,
} from './pipelines/handling-strategy.policy.js';
export type {
  HandlingContext,
  HandlingDecision,
} from './pipelines/handling-decision.interface.js';
