import type { Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { MessageDeliveryService } from '../delivery/message-delivery.service.js';
import { DeliveryLimitExceededError } from '../errors/delivery-limit-exceeded.error.js';
import type { ResolvedRabbitMqOptions } from './rabbitmq.defaults.js';
import { assertDurableQueue, deadLetterQueueOf } from './rabbitmq.topology.js';
import { readRmqMessage } from './rmq-delivery.reader.js';
import type { RmqConsumerWatchdog } from './rmq-consumer.watchdog.js';

/** Name of the drain for the watchdog and the logs. */
const PART = 'dead-letter drain';

/**
 * The backstop: what the broker dead-letters after its delivery limit goes to the dead letter
 * queue too, so an operator sees it and can replay it. On a channel of its own: delivery
 * tags are per channel, and the main channel acknowledges with `multiple`.
 */
export class RmqDeadLetterDrain {
  constructor(
    private readonly options: ResolvedRabbitMqOptions,
    private readonly deliveries: MessageDeliveryService,
    private readonly watchdog: RmqConsumerWatchdog,
    private readonly logger: Logger,
  ) {}

  /** Declares the queues and consumes the dead queue: a channel wrapper's setup. */
  async setup(channel: ConfirmChannel): Promise<void> {
    const { queue, deliveryLimit, singleActiveConsumer } = this.options;
    channel.once('close', () => this.watchdog.lost(PART, 'channel closed'));
    try {
      await assertDurableQueue(channel, {
        queue,
        deliveryLimit,
        singleActiveConsumer,
      });
      await channel.prefetch(8);
      await channel.consume(
        deadLetterQueueOf(queue),
        (message) =>
          message
            ? void this.drain(message, channel)
            : this.watchdog.lost(PART, 'cancelled by the broker'),
        { noAck: false },
      );
      this.watchdog.up(PART);
    } catch (error) {
      this.watchdog.lost(PART, `setup failed: ${String(error)}`);
      throw error;
    }
  }

  private async drain(
    message: ConsumeMessage,
    channel: ConfirmChannel,
  ): Promise<void> {
    const { delivery } = readRmqMessage(message, this.options.queue);
    const count = Number(delivery.headers['x-delivery-count']);
    try {
      // Applied after all (only its acknowledgements were lost), or dead-lettered already:
      // nothing to dead-letter.
      const admission = await this.deliveries.admit(delivery);
      if (admission !== 'duplicate' && admission !== 'dead-lettered') {
        await this.deliveries.deadLetter(
          delivery,
          new DeliveryLimitExceededError(
            this.options.queue,
            Number.isFinite(count) ? count : undefined,
          ),
        );
      }
      channel.ack(message);
    } catch (error) {
      this.logger.warn(
        `Could not dead-letter from ${deadLetterQueueOf(this.options.queue)}: ${String(error)}`,
      );
      // Back to the dead queue, to be tried again.
      setTimeout(() => {
        try {
          channel.nack(message, false, true);
        } catch {
          // Channel closed: the broker requeues it by itself.
        }
      }, 1_000).unref();
    }
  }
}
