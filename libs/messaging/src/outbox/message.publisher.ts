import type { DeadLetterDelivery } from '@nest-resilience/dead-letters';
import type { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import type { OutboundMessage } from './outbound-message.interface.js';

/** What became of each message of a batch, in the batch's order. */
export type PublishOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * Port of a broker the outbox relay publishes to. A message counts as published only once the
 * broker confirmed it (RabbitMQ publisher confirms, a JetStream `PubAck`, the in-process
 * consumer's settlement); anything else stays in the outbox and is published again.
 */
export abstract class MessagePublisher {
  /** Transport name, for logs and health (`rabbitmq`, `nats`, `in-process`). */
  abstract readonly transport: string;
  /** What a consumer of this transport can rely on. */
  abstract readonly guarantee: DeliveryGuarantee;

  /**
   * Publishes `messages` in order. Resolves when every message is confirmed or failed; never
   * rejects for a single message's failure.
   */
  abstract publish(
    messages: readonly OutboundMessage[],
  ): Promise<PublishOutcome[]>;

  /** Whether the broker connection is up now. */
  abstract isConnected(): boolean;

  /** Destination scheme of the messages it consumes (`amqp`), which its replays handle. */
  abstract readonly replayScheme: string;

  /**
   * Publishes a dead letter again to where it came from (`delivery.destination`), with its
   * original id and headers plus `x-replay-of`, so the consumer's inbox takes it once more.
   * @throws when the broker did not confirm it
   */
  abstract replay(delivery: DeadLetterDelivery): Promise<void>;
}
