import type { DeadLetterErrorInfo } from '../dead-letter.interface.js';

/**
 * How one delivery went: delivered (`handedOver`: only handed over, by a transport that cannot
 * confirm the handler); failed (the destination or the way there failed, recorded on the entry
 * as an attempt); or refused before anything was sent (an open circuit, a full bulkhead), which
 * is not counted as an attempt.
 */
export type ReplayAttempt =
  | { kind: 'delivered'; handedOver: boolean }
  | { kind: 'failed'; error: DeadLetterErrorInfo; cause: unknown }
  | { kind: 'refused'; cause: unknown };

/**
 * Answer of a single replay (`POST /admin/dlq/messages/:id/replay`): `DELIVERED` when the
 * transport delivered it (the entry is then `RESOLVED`, or `REPLAYED` while a hand-over awaits
 * its consumer), `FAILED` when it did not.
 */
export type ReplayOutcome = 'DELIVERED' | 'FAILED';
