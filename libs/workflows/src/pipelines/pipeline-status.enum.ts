/** Where a message stands in its pipeline; stored with its checkpoint. */
export enum PipelineStatus {
  /** Stored and accepted; no step has completed yet. */
  RECEIVED = 'RECEIVED',
  /** Steps are running, or the holder of the lease died while they were. */
  PROCESSING = 'PROCESSING',
  /** A step failed with a passing error; the message waits for `nextAttemptAt`. */
  RETRY_SCHEDULED = 'RETRY_SCHEDULED',
  /** Every step completed. */
  COMPLETED = 'COMPLETED',
  /** A step failed for good; the completed steps are being undone, latest first. */
  COMPENSATING = 'COMPENSATING',
  /** A step failed for good and every completed step was undone. */
  COMPENSATED = 'COMPENSATED',
  /** A step failed for good and at least one undo was dead-lettered for an operator. */
  COMPENSATION_FAILED = 'COMPENSATION_FAILED',
  /** Handed to the dead letter queue; a replay resumes at the first unfinished step. */
  DEAD_LETTERED = 'DEAD_LETTERED',
}

/**
 * Statuses whose work is done by whoever holds the lease; a lease that ran out means the holder
 * died or hangs, and the message may be claimed again.
 */
export const LEASED_PIPELINE_STATUSES: readonly PipelineStatus[] = [
  PipelineStatus.RECEIVED,
  PipelineStatus.PROCESSING,
  PipelineStatus.COMPENSATING,
];

/** Statuses after which nothing happens unless an operator replays the message. */
export const FINISHED_PIPELINE_STATUSES: readonly PipelineStatus[] = [
  PipelineStatus.COMPLETED,
  PipelineStatus.COMPENSATED,
  PipelineStatus.COMPENSATION_FAILED,
  PipelineStatus.DEAD_LETTERED,
];

/**
 * The status a claim moves a message to: a due retry or a replayed dead letter is processed
 * again, a replayed failed undo is compensated again, anything else keeps its status. Moving
 * the status in the claim itself is what makes a second replay of the same message lose.
 */
export function statusOnClaim(status: PipelineStatus): PipelineStatus {
  switch (status) {
    case PipelineStatus.RETRY_SCHEDULED:
    case PipelineStatus.DEAD_LETTERED:
      return PipelineStatus.PROCESSING;
    case PipelineStatus.COMPENSATION_FAILED:
      return PipelineStatus.COMPENSATING;
    default:
      return status;
  }
}
