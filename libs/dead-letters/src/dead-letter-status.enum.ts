/**
 * Where a dead letter is in its life:
 * `PENDING` → (claimed by a replay) `RETRYING` → then, by what the transport could tell:
 * - `RESOLVED` when the destination's handler succeeded (an HTTP destination answered 2xx);
 * - `REPLAYED` when the message was only handed over (a broker accepted it): it waits there
 *   until the consumer confirms it handled the message (`DeadLetterService.confirmReplay`),
 *   then it is `RESOLVED`; with no confirmation within `replayConfirmTimeoutMs` it goes back
 *   to `PENDING` (retry count raised, a note as its error);
 * - back to `PENDING` (retry count raised) when the delivery failed, or `FAILED` once
 *   `maxReplayAttempts` replays failed: only replays count (the replay count), not the
 *   deliveries a producer reported as the entry's retry count.
 * An operator may resolve a `PENDING`, `REPLAYED` or `FAILED` entry by hand.
 *
 * A message keeps one entry for life: when it is dead-lettered again (its handler failed after
 * a replay), its entry, whatever its status, is reopened to `PENDING` with the new error, its
 * replay count kept.
 */
export enum DeadLetterStatus {
  /** Waiting for a replay or an operator. */
  PENDING = 'PENDING',
  /** Claimed by a replay that is delivering it now. */
  RETRYING = 'RETRYING',
  /**
   * Handed over by a replay to a transport that cannot tell whether the handler succeeded (a
   * broker): delivered, awaiting the consumer's confirmation. Still open.
   */
  REPLAYED = 'REPLAYED',
  /**
   * Handled at its destination after a replay, or resolved by an operator; purged after the
   * retention period. Reopened to `PENDING` if the message is dead-lettered again before then.
   */
  RESOLVED = 'RESOLVED',
  /** Replayed `maxReplayAttempts` times (replays only) without success: left to an operator. */
  FAILED = 'FAILED',
}

/** Statuses a replay may claim an entry from. */
export const REPLAYABLE_STATUSES: readonly DeadLetterStatus[] = [
  DeadLetterStatus.PENDING,
  DeadLetterStatus.FAILED,
];

/** Statuses an operator may resolve an entry from. */
export const RESOLVABLE_STATUSES: readonly DeadLetterStatus[] = [
  DeadLetterStatus.PENDING,
  DeadLetterStatus.REPLAYED,
  DeadLetterStatus.FAILED,
];
