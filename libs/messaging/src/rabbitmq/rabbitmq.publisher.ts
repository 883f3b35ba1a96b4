import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  connect,
  type AmqpConnectionManager,
  type ChannelWrapper,
} from 'amqp-connection-manager';
import type { Options } from 'amqplib';
import type { DeadLetterDelivery } from '@nest-resilience/dead-letters';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import {
  MessagePublisher,
  type PublishOutcome,
} from '../outbox/message.publisher.js';
import type { OutboundMessage } from '../outbox/outbound-message.interface.js';
import type { ResolvedRabbitMqOptions } from './rabbitmq.defaults.js';
import { assertDurableQueue } from './rabbitmq.topology.js';

/** A message body in Nest's RabbitMQ packet shape, the payload's JSON text kept as stored. */
export function nestPacket(pattern: string, payloadJson: string): Buffer {
  return Buffer.from(
    `{"pattern":${JSON.stringify(pattern)},"data":${payloadJson}}`,
  );
}

/**
 * Publishes to RabbitMQ on a confirm channel (amqp-connection-manager, which reconnects by
 * itself): a message counts as published when the broker confirmed it, persistent, into a
 * durable quorum queue declared exactly as the consumer declares it. Bodies are Nest packets
 * (`{ pattern, data }`), so Nest's own RabbitMQ transport reads them too; id, group and
 * sequence travel as properties and headers.
 */
export class RabbitMqPublisher
  extends MessagePublisher
  implements OnModuleDestroy
{
  readonly transport = 'rabbitmq';
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  readonly replayScheme = 'amqp';
  private readonly logger = new Logger('RabbitMqPublisher');
  private readonly connection: AmqpConnectionManager;
  private readonly channel: ChannelWrapper;
  private readonly declared = new Set<string>();

  constructor(private readonly options: ResolvedRabbitMqOptions) {
    super();
    this.connection = connect([options.url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: options.reconnectSeconds,
    });
    this.connection.on('connectFailed', ({ err }) =>
      this.logger.debug(`Cannot connect: ${err.message}`),
    );
    this.channel = this.connection.createChannel({
      name: 'outbox-publisher',
      confirm: true,
      json: false,
    });
    // Channel errors are reported by the publish promises; an unhandled 'error' event would crash.
    this.channel.on('error', (error: Error) =>
      this.logger.debug(`Channel error: ${error.message}`),
    );
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  async publish(
    messages: readonly OutboundMessage[],
  ): Promise<PublishOutcome[]> {
    await this.declare(messages);
    const results = await Promise.allSettled(
      messages.map((message) => {
        const queue = message.destination ?? this.options.queue;
        return this.channel.sendToQueue(
          queue,
          nestPacket(message.pattern, message.payload),
          {
            ...this.properties(message),
            timeout: this.options.publishTimeoutMs,
          },
        );
      }),
    );
    return results.map((result) =>
      result.status === 'fulfilled'
        ? { ok: true }
        : { ok: false, error: result.reason },
    );
  }

  /** @throws when the destination is not `amqp:<queue>` or the broker did not confirm */
  async replay(delivery: DeadLetterDelivery): Promise<void> {
    const queue = delivery.destination.slice('amqp:'.length);
    if (!delivery.destination.startsWith('amqp:') || queue.length === 0) {
      throw new RangeError(
        `Not a RabbitMQ destination: ${delivery.destination}`,
      );
    }
    await this.declareQueue(queue);
    const body =
      delivery.pattern === undefined
        ? Buffer.from(JSON.stringify(delivery.payload ?? null))
        : nestPacket(
            delivery.pattern,
            JSON.stringify(delivery.payload ?? null),
          );
    await this.channel.sendToQueue(queue, body, {
      persistent: true,
      contentType: 'application/json',
      ...(delivery.messageId === undefined
        ? {}
        : { messageId: delivery.messageId }),
      headers: { ...delivery.headers, [MESSAGE_HEADERS.replayOf]: delivery.id },
      timeout: this.options.publishTimeoutMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel.close();
    await this.connection.close();
  }

  private properties(message: OutboundMessage): Options.Publish {
    return {
      persistent: true,
      contentType: 'application/json',
      messageId: message.messageId,
      timestamp: Math.floor(message.createdAt / 1000),
      headers: {
        ...message.headers,
        [MESSAGE_HEADERS.messageId]: message.messageId,
        [MESSAGE_HEADERS.groupKey]: message.groupKey,
        [MESSAGE_HEADERS.sequence]: String(message.sequence),
      },
    };
  }

  private async declare(messages: readonly OutboundMessage[]): Promise<void> {
    for (const message of messages)
      await this.declareQueue(message.destination ?? this.options.queue);
  }

  private async declareQueue(queue: string): Promise<void> {
    if (this.declared.has(queue)) return;
    // A setup runs now and again after every reconnection; unroutable messages would be
    // confirmed and silently dropped, so the queue must exist before the first publish.
    await this.channel.addSetup(
      (channel: Parameters<typeof assertDurableQueue>[0]) =>
        assertDurableQueue(channel, {
          queue,
          deliveryLimit: this.options.deliveryLimit,
          singleActiveConsumer: this.options.singleActiveConsumer,
        }),
    );
    this.declared.add(queue);
  }
}
