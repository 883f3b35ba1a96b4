import type {
  BulkReplayCheckpoint,
  BulkReplayJobRecord,
  BulkReplayLeaseState,
} from './bulk-replay-job-record.interface.js';
import type { BulkReplayState } from './bulk-replay-progress.interface.js';

/** The lease an instance takes on a job. */
export interface BulkReplayLease {
  owner: string;
  token: string;
  expiresAt: Date;
}

/**
 * Port of the storage of bulk replay jobs, so that every instance sees every job and a job
 * outlives the instance running it. `DeadLetterModule` binds the TypeORM implementation with
 * the TypeORM dead letter store, and `InMemoryBulkReplayJobStore` (one instance only) with any
 * other store.
 *
 * An instance runs a job under a lease whose token fences it: every write of progress is
 * conditional on the token, so an instance that lost its lease (it paused past it and another
 * took the job over) stores nothing more and stops.
 */
export abstract class BulkReplayJobStore {
  /** Stores a new job, `RUNNING` under its owner's lease. */
  abstract create(job: BulkReplayJobRecord): Promise<void>;

  abstract find(id: string): Promise<BulkReplayJobRecord | undefined>;

  /** Up to `limit` jobs, newest first. */
  abstract list(limit: number): Promise<BulkReplayJobRecord[]>;

  /**
   * Stores the progress of a running job and renews its lease until `leaseExpiresAt`, if the
   * lease `leaseToken` still holds it.
   */
  abstract checkpoint(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
    leaseExpiresAt: Date,
  ): Promise<BulkReplayLeaseState>;

  /**
   * Stores the end of a job (`COMPLETED`, `CANCELLED` or `FAILED`) and its final progress, if
   * the lease `leaseToken` still holds it; the lease is dropped.
   * @returns whether it did
   */
  abstract finish(
    id: string,
    leaseToken: string,
    state: Exclude<BulkReplayState, 'RUNNING'>,
    progress: BulkReplayCheckpoint,
    at: Date,
    error?: string,
  ): Promise<boolean>;

  /**
   * Gives a running job back (its owner shuts down): its progress is stored and its lease
   * lapses now, so another instance takes it over at its next look.
   * @returns whether the lease still held it
   */
  abstract handBack(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
  ): Promise<boolean>;

  /**
   * Records a cancel request on a running job (the first request is kept).
   * @returns whether the job is running
   */
  abstract requestCancel(id: string, by: string, at: Date): Promise<boolean>;

  /** Up to `limit` running jobs whose lease lapsed before `now`, oldest first. */
  abstract findExpired(
    now: Date,
    limit: number,
  ): Promise<BulkReplayJobRecord[]>;

  /**
   * Takes a running job over whose lease, `expiredToken`, lapsed before `now`: of several
   * instances trying at once, one wins. Counts the takeover.
   * @returns the job under the new lease, or `undefined` when another instance won (or it
   *   finished, or its owner renewed the lease)
   */
  abstract takeOver(
    id: string,
    expiredToken: string | null,
    lease: BulkReplayLease,
    now: Date,
  ): Promise<BulkReplayJobRecord | undefined>;

  /** Deletes the finished jobs beyond the newest `keep`. @returns how many */
  abstract purgeFinished(keep: number): Promise<number>;
}
