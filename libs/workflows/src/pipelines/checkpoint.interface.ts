import type { ErrorCategory } from '@nest-resilience/resilience';
import type { PipelineStatus } from './pipeline-status.enum.js';

/** The classified error a checkpoint keeps: enough to decide and to explain, never a stack. */
export interface CheckpointError {
  /** Public problem code (`UPSTREAM_UNAVAILABLE`). */
  code: string;
  category: ErrorCategory;
  /** Internal message; shown only to operators. */
  message: string;
  /** What may be shown to a client: the message of a domain (`ApplicationError`) error. */
  detail?: string;
  /** Step that failed. */
  step?: string;
}

/**
 * A message and its progress: what the pipeline stores after every step, so that work resumes
 * at the first unfinished step after a crash, a redelivery or a replay.
 */
export interface Checkpoint {
  /** The pipeline's id of the message. */
  id: string;
  /** Id the producer gave the message, when it gave one (de-duplicates resubmissions). */
  messageId?: string;
  type: string;
  payload: unknown;
  status: PipelineStatus;
  /** Completed steps in the order they completed (the order undo reverses). */
  completedSteps: string[];
  /** Outputs of the completed steps, by name. */
  outputs: Record<string, unknown>;
  /** Completed steps already undone. */
  compensatedSteps: string[];
  lastCompletedStep?: string;
  /** First unfinished step, while there is one. */
  currentStep?: string;
  /** Message-level retries of the current step. */
  retryCount: number;
  lastError?: CheckpointError;
  /** Request id of the work that submitted the message, carried through every step. */
  requestId?: string;
  /** Token of the claim that holds the message, if any. */
  leaseToken?: string;
  /** When the claim runs out; past it, the message is considered stuck and may be claimed. */
  leaseUntil?: Date;
  /** When a scheduled retry is due. */
  nextAttemptAt?: Date;
  createdAt: Date;
  /** Time of the last checkpoint. */
  updatedAt: Date;
  /** When the message reached a finished status. */
  finishedAt?: Date;
}

/** What a new message starts with; the store fills in the rest. */
export type NewCheckpoint = Pick<Checkpoint, 'id' | 'type' | 'payload'> &
  Partial<
    Pick<Checkpoint, 'messageId' | 'requestId' | 'leaseToken' | 'leaseUntil'>
  >;

/**
 * A change to a checkpoint. `null` clears an optional member; a missing member is left as is.
 * `leaseToken: null` gives the message up.
 */
export type CheckpointPatch = Partial<{
  status: PipelineStatus;
  completedSteps: string[];
  outputs: Record<string, unknown>;
  compensatedSteps: string[];
  lastCompletedStep: string | null;
  currentStep: string | null;
  retryCount: number;
  lastError: CheckpointError | null;
  leaseToken: string | null;
  leaseUntil: Date | null;
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
}>;

/** `checkpoint` with `patch` applied and `updatedAt` set to `at`, as a new object. */
export function applyCheckpointPatch(
  checkpoint: Checkpoint,
  patch: CheckpointPatch,
  at: Date,
): Checkpoint {
  const next: Record<string, unknown> = { ...checkpoint, updatedAt: at };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as Checkpoint;
}
