import type { DeadLetterCursor } from '../dead-letter-query.interface.js';
import type { BulkReplayState } from './bulk-replay-progress.interface.js';

/** What a bulk replay job did so far, counted by outcome. */
export interface BulkReplayCounters {
  /** Entries claimed so far. */
  claimed: number;
  /** Delivered: resolved, or handed over (then counted in `handedOver` too). */
  delivered: number;
  /** Of the delivered, those only handed over (a broker took them): `REPLAYED`, awaiting the consumer. */
  handedOver: number;
  /** Delivery failed: back to `PENDING` (or `FAILED`) with retry count raised. */
  failed: number;
  /** Claimed but given back untouched (circuit open, cancelled before delivery). */
  released: number;
  /** Skipped: no transport for their destination. */
  skipped: number;
}

/** The progress a running job stores at each checkpoint. */
export interface BulkReplayCheckpoint {
  counters: BulkReplayCounters;
  /** The last entry claimed, in claim order (oldest first): the job resumes after it. */
  position: DeadLetterCursor | null;
  /**
   * Token of the claim the job holds now (a chunk being delivered), stored before the claim
   * is made: entries still `RETRYING` under it when the job is taken over were not settled,
   * and the new owner delivers them.
   */
  chunkToken: string | null;
}

/** A stored bulk replay job: its request, its progress, and who runs it under which lease. */
export interface BulkReplayJobRecord extends BulkReplayCheckpoint {
  id: string;
  state: BulkReplayState;
  /** The filter, dates as ISO strings (see `BulkReplayFilterCodec`). */
  filter: Record<string, string>;
  ratePerSecond: number;
  /** Most entries it replays; `null`: every matching one. */
  limit: number | null;
  /** Who started it (the admin token's name). */
  actor: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Why it stopped, when it failed. */
  error: string | null;
  /** The instance running it (`null` once finished, or handed back at shutdown). */
  owner: string | null;
  /** Fencing token of the current lease: only its holder may store progress. */
  leaseToken: string | null;
  /** Until when the owner holds it; after that, any instance may take it over. */
  leaseExpiresAt: Date | null;
  /** The owner's last checkpoint. */
  heartbeatAt: Date | null;
  /** Times another instance (or a restarted one) took it over. */
  takeovers: number;
  /** When a cancel was asked, from whichever instance; the owner stops at its next checkpoint. */
  cancelRequestedAt: Date | null;
  cancelRequestedBy: string | null;
}

/** What a checkpoint answers the job's owner. */
export interface BulkReplayLeaseState {
  /** Whether it still holds the lease; when not, another instance took the job over. */
  held: boolean;
  /** Whether a cancel was asked. */
  cancelRequested: boolean;
}
