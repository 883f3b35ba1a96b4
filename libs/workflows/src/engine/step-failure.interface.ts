import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import type { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import type { PipelineStep } from '../pipelines/pipeline-step.interface.js';

/** A step that failed after its own retries, as the runner reported it. */
export interface StepFailure {
  checkpoint: Checkpoint;
  step: PipelineStep;
  error: unknown;
  startedAt: Date;
}

/** What became of the message after its failure was handled. */
export type FailureResolution =
  /** A fallback stood in; go on from this checkpoint. */
  | { kind: 'continue'; checkpoint: Checkpoint }
  /** Released, to be tried again after `delayMs`. */
  | { kind: 'scheduled'; delayMs: number }
  /** Reached a finished status. */
  | { kind: 'finished'; status: PipelineStatus }
  /** Another claimer holds the message now. */
  | { kind: 'lease-lost' };
