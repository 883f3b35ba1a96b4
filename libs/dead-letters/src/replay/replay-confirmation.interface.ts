/**
 * What `DeadLetterService.confirmReplay` did:
 * - `CONFIRMED`: the entry awaited its consumer and is now `RESOLVED`;
 * - `ALREADY_RESOLVED`: it was resolved before (a repeated confirmation changes nothing);
 * - `NOT_AWAITING`: it awaits no confirmation (dead-lettered again since, or never handed over);
 * - `NOT_FOUND`: no such entry (purged, or not a dead letter's id).
 */
export type ReplayConfirmation =
  'CONFIRMED' | 'ALREADY_RESOLVED' | 'NOT_AWAITING' | 'NOT_FOUND';

/** Names a replayed dead letter by the message it carries: its source and message id. */
export interface ReplayedMessageRef {
  source: string;
  messageId: string;
}
