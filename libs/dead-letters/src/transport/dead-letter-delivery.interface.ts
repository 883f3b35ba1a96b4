/** What a transport gets to deliver again: the original message, unmasked. */
export interface DeadLetterDelivery {
  /** Id of the dead letter (sent along, so a receiver can de-duplicate an at-least-once replay). */
  id: string;
  messageId?: string;
  /** Where to deliver; its scheme chose the transport. */
  destination: string;
  pattern?: string;
  payload: unknown;
  headers: Record<string, string>;
  /** Deliveries attempted before this one. */
  retryCount: number;
  requestId?: string;
  traceId?: string;
}
