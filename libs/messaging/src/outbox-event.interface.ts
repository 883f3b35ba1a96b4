/** An event to publish once the transaction that stores it commits. */
export interface OutboxEvent {
  /** Event type, also the message pattern it is published under (`ORDER_CREATED`). */
  type: string;
  /**
   * Ordering group: events of one group are published and consumed in the order they were
   * stored (the sales API's FIFO groups: the order id, else the customer id, else the type).
   */
  groupKey: string;
  /** The event's body. */
  payload: unknown;
  /** Message headers to publish with it (the request id is added when there is one). */
  headers?: Record<string, string>;
  /** Where to publish: an exchange or subject; the relay's default when omitted. */
  destination?: string;
}
