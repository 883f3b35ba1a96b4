/** An outbox event on its way to a broker, as the relay hands it to a `MessagePublisher`. */
export interface OutboundMessage {
  /** Position in the outbox: the publishing order. */
  position: string;
  /** Id of the message, the consumer inbox's key. */
  messageId: string;
  /** Event type, published as the pattern. */
  pattern: string;
  /** Where to publish (queue, subject); the publisher's default when absent. */
  destination?: string;
  groupKey: string;
  /** Position in the group, from 1. */
  sequence: number;
  /** The payload's JSON text, exactly as stored. */
  payload: string;
  headers: Record<string, string>;
  /** When the event was stored (epoch ms). */
  createdAt: number;
}
