/**
 * Where a dead letter is in its life:
 * `PENDING` → (claimed by a replay) `RETRYING` → `RESOLVED` when delivered, or back to
 * `PENDING` (retry count raised) when the delivery failed, or `FAILED` once it failed
 * `maxReplayAttempts` times. An operator may resolve a `PENDING` or `FAILED` entry by hand.
 *
 * A message keeps one entry for life: when it is dead-lettered again (a broker accepted the
 * replay, then its handler failed), its entry, whatever its status, is reopened to `PENDING`
 * with the new error, its replay count kept.
 */
export enum DeadLetterStatus {
  /** Waiting for a replay or an operator. */
  PENDING = 'PENDING',
  /** Claimed by a replay that is delivering it now. */
  RETRYING = 'RETRYING',
  /**
   * Delivered by a replay, or resolved by an operator; purged after the retention period.
   * Reopened to `PENDING` if the message is dead-lettered again before then.
   */
  RESOLVED = 'RESOLVED',
  /** Replayed `maxReplayAttempts` times without success: left to an operator. */
  FAILED = 'FAILED',
}

/** Statuses a replay may claim an entry from. */
export const REPLAYABLE_STATUSES: readonly DeadLetterStatus[] = [
  DeadLetterStatus.PENDING,
  DeadLetterStatus.FAILED,
];
