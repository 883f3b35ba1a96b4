import type { Checkpoint } from './checkpoint.interface.js';
import {
  LEASED_PIPELINE_STATUSES,
  PipelineStatus,
} from './pipeline-status.enum.js';

/**
 * The first instant a claim can take a message that nobody holds but that waits for its time:
 * a scheduled retry at its `nextAttemptAt`, a message given up until a time (an undo's retry:
 * no holder, `leaseUntil` set) just after that time, as every `CheckpointStore`'s claim
 * condition reads them. A claim made earlier takes nothing: its caller can wait for the time
 * left instead of giving the message up.
 * `undefined` for any other message: held by someone, finished, or free to claim at any time.
 */
export function checkpointDueTime(checkpoint: Checkpoint): Date | undefined {
  if (checkpoint.status === PipelineStatus.RETRY_SCHEDULED)
    return checkpoint.nextAttemptAt;
  if (
    LEASED_PIPELINE_STATUSES.includes(checkpoint.status) &&
    checkpoint.leaseToken === undefined &&
    checkpoint.leaseUntil !== undefined
  )
    // Claimable once the lease has run out, strictly after `leaseUntil`.
    return new Date(checkpoint.leaseUntil.getTime() + 1);
  return undefined;
}
