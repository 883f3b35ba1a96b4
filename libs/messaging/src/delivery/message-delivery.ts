import type { ErrorClassification } from '@nest-resilience/resilience';

/** What a transport knows about a message when it arrives. */
export interface MessageDeliveryInit {
  /** Namespace of the inbox: the queue or durable consumer that reads the message. */
  consumer: string;
  /** Transport name, for logs and health (`rabbitmq`, `nats`, `in-process`). */
  transport: string;
  /** Where the message came from (queue, stream), as the dead letter records it. */
  source: string;
  /** Where a replay re-publishes it (`amqp:orders.events`), which picks the replay transport. */
  destination: string;
  pattern?: string;
  /** Id of the message; without one the inbox cannot recognise a redelivery. */
  messageId?: string;
  /** Ordering group and position, when the publisher assigned them (the outbox does). */
  groupKey?: string;
  sequence?: number;
  /** The message's headers, as strings. */
  headers: Record<string, string>;
  /** The body: the parsed data, or the raw text when it could not be parsed. */
  payload: unknown;
  /** Whether the transport says it delivered this message before. */
  redelivered: boolean;
  /** Attempts spent before, as carried by the message itself. @default 0 */
  priorAttempts?: number;
  /** Id of the dead letter this message replays, when it is a replay. */
  replayOf?: string;
  /** @default now */
  receivedAt?: Date;
}

/** A failed attempt as the delivery keeps it: the thrown value and, when known, its meaning. */
export interface DeliveryFailure {
  error: unknown;
  classification?: ErrorClassification;
}

const DELIVERY = Symbol('RESILIENCE:MESSAGE_DELIVERY');

/**
 * The state of one message while a consumer works on it: identity, ordering, attempts spent
 * (before this delivery and during it) and the outcome. Transports attach it to the RPC
 * context they hand handlers, where the attempt interceptor, the inbox and the event failure
 * hook find it.
 */
export class MessageDelivery implements Readonly<MessageDeliveryInit> {
  readonly consumer: string;
  readonly transport: string;
  readonly source: string;
  readonly destination: string;
  readonly pattern?: string;
  readonly messageId?: string;
  readonly groupKey?: string;
  readonly sequence?: number;
  readonly headers: Record<string, string>;
  readonly payload: unknown;
  readonly redelivered: boolean;
  readonly replayOf?: string;
  readonly receivedAt: Date;
  /** Attempts spent before this delivery (headers and inbox). */
  priorAttempts: number;
  /** The handler's budget, from its `@Retry`; known once the attempt interceptor ran. */
  maxAttempts?: number;
  /** Attempts made during this delivery. */
  attempts = 0;
  /** The last failure, recorded by the event failure hook or the transport. */
  failure?: DeliveryFailure;
  /** When the message failed first, for the dead letter. */
  firstFailedAt?: Date;
  /** Set by the inbox when the message had been applied (or dead-lettered) already. */
  duplicate = false;
  /** Set by the inbox once the effect committed. */
  applied = false;

  constructor(init: MessageDeliveryInit) {
    this.consumer = init.consumer;
    this.transport = init.transport;
    this.source = init.source;
    this.destination = init.destination;
    this.pattern = init.pattern;
    this.messageId = init.messageId;
    this.groupKey = init.groupKey;
    this.sequence = init.sequence;
    this.headers = init.headers;
    this.payload = init.payload;
    this.redelivered = init.redelivered;
    this.replayOf = init.replayOf;
    this.receivedAt = init.receivedAt ?? new Date();
    this.priorAttempts = init.priorAttempts ?? 0;
  }

  /** Whether the message takes part in per-group ordering. */
  get sequenced(): boolean {
    return (
      this.groupKey !== undefined &&
      this.sequence !== undefined &&
      !this.replayOf
    );
  }

  /** The attempt under way (or last made), counted across deliveries: 1 for the first. */
  get attempt(): number {
    return this.priorAttempts + this.attempts;
  }

  /** Counts the start of an attempt. @returns its number across deliveries */
  beginAttempt(): number {
    this.attempts++;
    return this.attempt;
  }

  /** Takes back an attempt that did not run the handler's logic (the message was parked). */
  cancelAttempt(): void {
    if (this.attempts > 0) this.attempts--;
  }

  /** Records a failure; the last one is the one settled on. */
  fail(error: unknown, classification?: ErrorClassification): void {
    this.failure = { error, classification };
    this.firstFailedAt ??= new Date();
  }

  /** Forgets the failure before the message is dispatched again (after a deferral). */
  clearFailure(): void {
    this.failure = undefined;
  }

  /** Puts this delivery on the RPC context object handed to the handler. */
  attachTo(context: object): void {
    // A plain symbol-keyed property: invisible to JSON and enumeration, cheap once per message.
    (context as { [DELIVERY]?: MessageDelivery })[DELIVERY] = this;
  }

  /** The delivery attached to an RPC context, if the transport is one of the library's. */
  static of(context: unknown): MessageDelivery | undefined {
    if (typeof context !== 'object' || context === null) return undefined;
    const delivery = (context as { [DELIVERY]?: unknown })[DELIVERY];
    return delivery instanceof MessageDelivery ? delivery : undefined;
  }
}
