import type { CheckpointError } from './checkpoint.interface.js';
import type { StepAction } from './step-action.enum.js';
import type { StepOutcome } from './step-outcome.enum.js';

/** One line of a message's history: a run or undo of a step, and how it ended. */
export interface StepHistoryEntry {
  step: string;
  action: StepAction;
  outcome: StepOutcome;
  /** Message-level attempt of this step: 1 for the first. */
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  error?: CheckpointError;
  /** What was decided about a failure (`RETRY`, `COMPENSATE`, ...). */
  strategy?: string;
  /** Why, in words, for operators. */
  reason?: string;
}
