import type { ErrorCategory } from '@nest-resilience/resilience';

/** A step's error as clients see it (no internal message). */
export interface PublicStepError {
  /** Public problem code (`UPSTREAM_UNAVAILABLE`). */
  code: string;
  category: ErrorCategory;
  step?: string;
  /** The message of a domain error, written for clients. */
  detail?: string;
}

/** One run or undo of a step, as `GET /integration/messages/:id` shows it. */
export interface StepHistoryView {
  step: string;
  action: 'RUN' | 'COMPENSATE';
  outcome: string;
  attempt: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  error?: PublicStepError;
  strategy?: string;
  reason?: string;
}

/** A message's current checkpoint. */
export interface CheckpointView {
  lastCompletedStep: string | null;
  currentStep: string | null;
  completedSteps: string[];
  compensatedSteps: string[];
  retryCount: number;
  lastError: PublicStepError | null;
  nextAttemptAt: string | null;
  /** Outputs of the completed steps, by step. */
  outputs: Record<string, unknown>;
  updatedAt: string;
}

/** Answer of `GET /integration/messages/:id`. */
export interface IntegrationMessageView {
  id: string;
  messageId: string | null;
  type: string;
  status: string;
  requestId: string | null;
  checkpoint: CheckpointView;
  steps: StepHistoryView[];
  createdAt: string;
  finishedAt: string | null;
}
