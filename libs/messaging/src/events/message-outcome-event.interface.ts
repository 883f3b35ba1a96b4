/**
 * What became of a message a durable consumer took:
 * - `handled`: its handler succeeded; acknowledged;
 * - `redelivered`: it failed for a reason that says "later" and is held for another delivery;
 * - `parked`: it arrived before its predecessor and waits for it;
 * - `dead_lettered`: it failed for good and is now in the dead letter queue (then acknowledged).
 */
export type MessageOutcome =
  'handled' | 'redelivered' | 'parked' | 'dead_lettered';

/** One settlement of one delivery of a message. */
export interface MessageOutcomeEvent {
  /** `rabbitmq`, `nats` or `in-process`. */
  transport: string;
  /** The queue or durable consumer that read it. */
  queue: string;
  outcome: MessageOutcome;
}

/** Told about every {@link MessageOutcomeEvent}, synchronously; it must be cheap and not throw. */
export type MessageOutcomeListener = (event: MessageOutcomeEvent) => void;
