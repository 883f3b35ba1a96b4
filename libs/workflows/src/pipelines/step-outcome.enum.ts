/** How one run or undo of a step ended, as its history entry records it. */
export enum StepOutcome {
  /** Done; for a run, its output is in the checkpoint. */
  COMPLETED = 'COMPLETED',
  /** Failed, and the step's fallback output stood in for its result. */
  FALLBACK = 'FALLBACK',
  /** Failed; the entry's `strategy` says what was done about it. */
  FAILED = 'FAILED',
}
