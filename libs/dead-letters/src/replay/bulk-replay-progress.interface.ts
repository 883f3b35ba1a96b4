/** Where a bulk replay job is. */
export type BulkReplayState = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** A bulk replay job as `GET /admin/dlq/replay/:jobId` shows it, from any instance. */
export interface BulkReplayProgress {
  id: string;
  state: BulkReplayState;
  /** The filter it replays, dates as ISO strings. */
  filter: Record<string, string>;
  ratePerSecond: number;
  /** Most entries it replays; `null`: every matching one. */
  limit: number | null;
  /** Entries claimed so far. */
  claimed: number;
  /** Delivered: resolved, or handed over to a broker (see `handedOver`). */
  delivered: number;
  /** Of the delivered, those only handed over: `REPLAYED`, awaiting their consumer. */
  handedOver: number;
  /** Delivery failed: back to `PENDING` (or `FAILED`) with retry count raised. */
  failed: number;
  /** Claimed but given back untouched (circuit open, cancelled before delivery). */
  released: number;
  /** Skipped: no transport for their destination. */
  skipped: number;
  startedAt: string;
  finishedAt: string | null;
  /** Who started it (the admin token's name); `null` when started from code without one. */
  startedBy: string | null;
  /** The instance running it; `null` once finished (or between an owner and the next). */
  owner: string | null;
  /** The owner's last checkpoint (progress stored, lease renewed). */
  heartbeatAt: string | null;
  /** Until when its owner holds it; after that another instance takes it over. */
  leaseExpiresAt: string | null;
  /** Times another instance (or a restarted one) took it over and resumed it. */
  takeovers: number;
  /** When a cancel was asked, from any instance; its owner stops at its next checkpoint. */
  cancelRequestedAt: string | null;
  /** Why the job stopped, when it failed. */
  error?: string;
}
