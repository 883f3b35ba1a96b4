import type { MessageDelivery } from './message-delivery.js';

/** A message's body as the consumer read it. */
export type InboundPacket =
  | { pattern: string; data: unknown; id?: string }
  /** The body could not be read: dead-lettered as it is. */
  | { error: unknown };

/**
 * A message as a durable transport hands it to the {@link DurableDispatcher}: its delivery,
 * its body, the RPC context handlers receive, and how to settle it on this transport.
 */
export interface InboundMessage {
  delivery: MessageDelivery;
  packet: InboundPacket;
  /** The context handed to handlers (`RmqContext`, `JetStreamContext`, ...). */
  context: object;
  /** Done with it: the broker may forget it. */
  ack(): Promise<void> | void;
  /**
   * Gives a parked message back so that it comes again after the messages queued behind it
   * (RabbitMQ: a confirmed copy at the tail, then ack; JetStream: nak with a delay).
   */
  release(): Promise<void>;
  /** Answers a request (`@MessagePattern`); absent for events. */
  reply?(response: { response?: unknown; err?: unknown }): Promise<void> | void;
  /** Whether it can still be settled here (the channel it came on is open). */
  isAlive(): boolean;
  /**
   * Tells the broker the message is still in work while it is held for a later delivery
   * (JetStream: `working()`, which restarts `ack_wait`); absent where holding needs nothing.
   */
  keepAlive?(): void;
}
