import type { ErrorCategory } from '@nest-resilience/resilience';
import type { DeadLetterStatus } from './dead-letter-status.enum.js';
import type { DeadLetter, DeadLetterView } from './dead-letter.interface.js';

/** Which dead letters a listing, a bulk replay or a count is about; every member narrows. */
export interface DeadLetterFilter {
  source?: string;
  destination?: string;
  status?: DeadLetterStatus;
  category?: ErrorCategory;
  /** Dead-lettered at or after this time. */
  from?: Date;
  /** Dead-lettered before this time. */
  to?: Date;
  /**
   * Only entries no replay claimed since this time: a bulk replay passes its start, so an entry
   * it failed or released is not taken again by the same job.
   */
  notAttemptedSince?: Date;
}

/** Position after the last entry of a page: entries are listed newest first. */
export interface DeadLetterCursor {
  createdAt: Date;
  id: string;
}

/** One page of a listing, newest first. */
export interface DeadLetterPage<T = DeadLetter> {
  items: T[];
  /** Opaque cursor of the next page; `null` on the last one. */
  nextCursor: string | null;
}

/** A page as the admin API shows it. */
export type DeadLetterViewPage = DeadLetterPage<DeadLetterView>;

/** Counts over the whole queue, for `GET /admin/dlq/stats`. */
export interface DeadLetterStats {
  /** Entries stored, every status included. */
  total: number;
  /** Entries not yet resolved (`PENDING`, `RETRYING`, `REPLAYED`, `FAILED`). */
  open: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** Entries by status and category together, one row per pair that has any (for metrics). */
  byStatusAndCategory: { status: string; category: string; count: number }[];
  bySeverity: Record<string, number>;
  /** The most frequent error codes, most frequent first. */
  topErrorCodes: { code: string; count: number }[];
  /** When the oldest `PENDING` entry was dead-lettered; `null` when none is pending. */
  oldestPendingAt: string | null;
  /** Its age in milliseconds; `null` when none is pending. */
  oldestPendingAgeMs: number | null;
  /** Entries resolved by a replay (handled at the destination, or confirmed by the consumer). */
  recovered: number;
  /** Entries resolved by an operator. */
  resolvedManually: number;
  /** Share of stored entries a replay resolved, 0..1; `null` when the queue is empty. */
  recoveryRate: number | null;
}
