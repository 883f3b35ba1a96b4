import type { ErrorClassification } from '@nest-resilience/resilience';
import type { AttemptRecord } from './attempt-record.interface.js';
import type { MessageRedeliveryPolicy } from './message-redelivery.policy.js';

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
 * The state of one message while a consumer works on it: identity, ordering, attempts and
 * deliveries spent (before this delivery and during it), the history of its failed attempts,
 * and the outcome. A delivery held for a later try runs its handler again in rounds: each round
 * is one delivery of the message, with the handler's own in-process retries. Transports attach
 * it to the RPC context they hand handlers, where the attempt interceptor, the inbox and the
 * event failure hook find it.
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
  /** Attempts made during this delivery. */
  attempts = 0;
  /** Deliveries that ran the handler and failed for a "later" reason before this one (inbox). */
  priorDeliveries = 0;
  /** Rounds of this delivery counted as failed deliveries. */
  failedRounds = 0;
  /** Attempts of the current round that ran the handler (refusals given back). */
  roundAttempts = 0;
  /** Failed attempts, oldest first: those the inbox kept, then this process's. */
  history: AttemptRecord[] = [];
  /** Attempt records not written to the inbox yet. */
  unsaved: AttemptRecord[] = [];
  /** Whether the inbox's history was read into {@link history}. */
  historyLoaded = false;
  /** The last error of an attempt that ran the handler (not a refusal). */
  lastAttemptError?: unknown;
  /** The consumer's redelivery policy; set by the attempt interceptor, else the module's applies. */
  redelivery?: MessageRedeliveryPolicy;
  /** The last failure, recorded by the event failure hook or the transport. */
  failure?: DeliveryFailure;
  /** When the message failed first, for the dead letter. */
  firstFailedAt?: Date;
  /** Set by the inbox when the message had been applied (or dead-lettered) already. */
  duplicate = false;
  /** Set by the inbox once the effect committed. */
  applied = false;
  /**
   * Set by the inbox when it was not applied because the message is dead-lettered (a copy
   * published again without a replay header); the transport then looks at its entry.
   */
  deadLetteredCopy = false;
  /**
   * Set when a dead-lettered message's entry was resolved and this copy is processed again:
   * claimed by its id, like a replay, as its group has moved past it.
   */
  reopened = false;
  private roundCounted = false;

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
      !this.replayOf &&
      !this.reopened
    );
  }

  /** The attempt under way (or last made), counted across deliveries: 1 for the first. */
  get attempt(): number {
    return this.priorAttempts + this.attempts;
  }

  /** Deliveries that ran the handler and failed for a "later" reason, this process's included. */
  get deliveries(): number {
    return this.priorDeliveries + this.failedRounds;
  }

  /** Counts the start of an attempt. @returns its number across deliveries */
  beginAttempt(): number {
    this.attempts++;
    this.roundAttempts++;
    return this.attempt;
  }

  /** Takes back an attempt that did not run the handler's logic (parked, or refused). */
  cancelAttempt(): void {
    if (this.attempts > 0) this.attempts--;
    if (this.roundAttempts > 0) this.roundAttempts--;
  }

  /** Starts a round: one more run of the handler (with its retries) for this delivery. */
  beginRound(): void {
    this.roundAttempts = 0;
    this.roundCounted = false;
    this.failure = undefined;
  }

  /** Counts the current round as a failed delivery, once however often it is called. */
  countRound(): void {
    if (this.roundCounted) return;
    this.roundCounted = true;
    this.failedRounds++;
  }

  /** Whether the current round was counted already. */
  get roundIsCounted(): boolean {
    return this.roundCounted;
  }

  /** Keeps a failed attempt in the history (and as not yet written to the inbox). */
  addAttemptRecord(record: AttemptRecord): void {
    this.history.push(record);
    this.unsaved.push(record);
  }

  /** Records a failure; the last one is the one settled on. */
  fail(error: unknown, classification?: ErrorClassification): void {
    this.failure = { error, classification };
    this.firstFailedAt ??= new Date();
  }

  /** Forgets the failure before the message is looked at again (parked). */
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
