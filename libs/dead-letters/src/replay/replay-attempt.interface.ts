import type { DeadLetterErrorInfo } from '../dead-letter.interface.js';

/**
 * How one delivery went: delivered; failed (the destination or the way there failed, recorded
 * on the entry as an attempt); or refused before anything was sent (an open circuit, a full
 * bulkhead), which is not counted as an attempt.
 */
export type ReplayAttempt =
  | { kind: 'delivered' }
  | { kind: 'failed'; error: DeadLetterErrorInfo; cause: unknown }
  | { kind: 'refused'; cause: unknown };

/** Answer of a single replay (`POST /admin/dlq/messages/:id/replay`). */
export type ReplayOutcome = 'DELIVERED' | 'FAILED';
