/** Where a bulk replay job is. */
export type BulkReplayState = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** A bulk replay job as `GET /admin/dlq/replay/:jobId` shows it. */
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
  /** Delivered and resolved. */
  delivered: number;
  /** Delivery failed: back to `PENDING` (or `FAILED`) with retry count raised. */
  failed: number;
  /** Claimed but given back untouched (circuit open, cancelled before delivery). */
  released: number;
  /** Skipped: no transport for their destination. */
  skipped: number;
  startedAt: string;
  finishedAt: string | null;
  /** Why the job stopped, when it failed. */
  error?: string;
}
