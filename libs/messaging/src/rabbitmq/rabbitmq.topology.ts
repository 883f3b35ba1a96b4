import type { Channel } from 'amqplib';

/** What shapes a durable queue; both the publisher and the consumer declare it the same way. */
export interface DurableQueueTopology {
  queue: string;
  /** Broker-side delivery limit (the backstop against crash loops). */
  deliveryLimit: number;
  singleActiveConsumer: boolean;
}

/** Name of the dead-letter exchange of `queue`. */
export function deadLetterExchangeOf(queue: string): string {
  return `${queue}.dlx`;
}

/** Name of the queue the broker dead-letters `queue`'s messages into. */
export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dead`;
}

/** Arguments of the main queue: quorum, broker-side dead-lettering at least once. */
export function durableQueueArguments(
  topology: DurableQueueTopology,
): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-dead-letter-exchange': deadLetterExchangeOf(topology.queue),
    // At-least-once dead-lettering needs the queue to refuse publishes when full, not drop heads.
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
    'x-delivery-limit': topology.deliveryLimit,
    'x-single-active-consumer': topology.singleActiveConsumer,
  };
}

/**
 * Declares a durable queue: a quorum queue (replicated, survives restarts, counts deliveries),
 * its dead-letter exchange and the quorum queue behind it, which catches what the broker gives
 * up on (`x-delivery-limit`). Idempotent; every declaration must use the same arguments, which
 * is why publisher and consumer both call this, and so should a producer outside the outbox.
 */
export async function assertDurableQueue(
  channel: Channel,
  topology: DurableQueueTopology,
): Promise<void> {
  const exchange = deadLetterExchangeOf(topology.queue);
  const dead = deadLetterQueueOf(topology.queue);
  await channel.assertExchange(exchange, 'fanout', { durable: true });
  await channel.assertQueue(dead, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await channel.bindQueue(dead, exchange, '');
  await channel.assertQueue(topology.queue, {
    durable: true,
    arguments: durableQueueArguments(topology),
  });
}
