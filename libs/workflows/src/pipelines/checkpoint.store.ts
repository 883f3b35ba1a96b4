import type {
  Checkpoint,
  CheckpointPatch,
  NewCheckpoint,
} from './checkpoint.interface.js';
import type { PipelineStatus } from './pipeline-status.enum.js';
import type { StepHistoryEntry } from './step-history-entry.interface.js';

/** A claim on messages: whoever holds the token may write their checkpoints until `until`. */
export interface CheckpointClaim {
  /** Unique per claim. */
  token: string;
  /** When the claim runs out unless a checkpoint extends it. */
  until: Date;
  /** The claimer's clock, used for every comparison of the claim. */
  now: Date;
}

/** Counts for health and dashboards. */
export interface CheckpointStats {
  /** Messages by status. */
  byStatus: Partial<Record<PipelineStatus, number>>;
  /** Messages whose lease ran out while leased: their holder died or hangs. */
  stuck: number;
}

/**
 * Port of checkpoint storage. Inject it by this class. Every change is conditional, so several
 * instances may share one store:
 *
 * - a claim takes a message only if nobody holds it (no lease, or a lease that ran out) or its
 *   scheduled retry is due, and batch claims skip rows another claimer is taking;
 * - a commit writes only while the committer's token still holds the message (fencing), so a
 *   worker that hung past its lease cannot overwrite the checkpoint of the one that took over.
 */
export abstract class CheckpointStore {
  /**
   * Stores a new message, or finds the one already stored with the same `type` and `messageId`
   * (a resubmission).
   */
  abstract create(
    input: NewCheckpoint,
    now: Date,
  ): Promise<{ checkpoint: Checkpoint; created: boolean }>;

  /** The message with this id. */
  abstract find(id: string): Promise<Checkpoint | undefined>;

  /** Its step history, oldest first. */
  abstract history(id: string): Promise<StepHistoryEntry[]>;

  /**
   * Claims one message if nobody holds it or its retry is due; or, given `from`, if its status
   * is one of those (a replay of a finished message).
   * @returns the message as claimed, or `undefined` when the claim lost
   */
  abstract claim(
    id: string,
    claim: CheckpointClaim,
    from?: readonly PipelineStatus[],
  ): Promise<Checkpoint | undefined>;

  /**
   * Claims up to `limit` messages that are stuck (held by a lease that ran out, or by none) or
   * whose scheduled retry is due, oldest first, skipping those another claimer is taking.
   * @param heldSince messages never claimed (no lease) count only once older than this
   */
  abstract claimDue(
    limit: number,
    claim: CheckpointClaim,
    heldSince: Date,
  ): Promise<Checkpoint[]>;

  /**
   * Applies `patch`, appends `history` and sets `updatedAt` to `at`, in one transaction, if
   * `token` still holds the message.
   * @returns whether it did (false: the lease was lost to another claimer)
   */
  abstract commit(
    id: string,
    token: string,
    patch: CheckpointPatch,
    history: readonly StepHistoryEntry[],
    at: Date,
  ): Promise<boolean>;

  /**
   * Deletes messages in `statuses` that finished before `before`, with their history, at most
   * `limit` of them.
   * @returns how many
   */
  abstract purgeFinished(
    before: Date,
    statuses: readonly PipelineStatus[],
    limit: number,
  ): Promise<number>;

  /** Counts by status, and of stuck messages as of `now`. */
  abstract stats(now: Date): Promise<CheckpointStats>;
}
