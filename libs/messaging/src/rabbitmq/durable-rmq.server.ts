import { Logger } from '@nestjs/common';
import {
  RmqContext,
  Server,
  Transport,
  type CustomTransportStrategy,
} from '@nestjs/microservices';
import {
  connect,
  type AmqpConnectionManager,
  type ChannelWrapper,
} from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import {
  DurableDispatcher,
  type DurableDispatcherOptions,
} from '../delivery/durable.dispatcher.js';
import type { InboundMessage } from '../delivery/inbound-message.interface.js';
import type { MessageDeliveryService } from '../delivery/message-delivery.service.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import { AckCoalescer } from './ack.coalescer.js';
import type { ResolvedRabbitMqOptions } from './rabbitmq.defaults.js';
import { assertDurableQueue } from './rabbitmq.topology.js';
import { readRmqMessage } from './rmq-delivery.reader.js';
import { RmqDeadLetterDrain } from './rmq-dead-letter.drain.js';
import { RmqConsumerWatchdog } from './rmq-consumer.watchdog.js';

/** How long `close()` waits for messages in flight. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * A Nest transport strategy for RabbitMQ that never loses a message: a durable quorum queue
 * with a broker-side dead-letter exchange, manual acknowledgement with `prefetch`, and an ack
 * only after the handler's effect (or the message's dead letter) committed. Handlers are the
 * application's `@EventPattern` / `@MessagePattern` methods with their resilience decorators;
 * the `DurableDispatcher` orders, dedupes, settles and dead-letters. Reconnects by itself
 * (amqp-connection-manager, every `reconnectSeconds`, so consuming resumes within about that
 * long of a restarted broker accepting connections); a channel that stops consuming while the
 * connection lives on is set up again too. What was unacknowledged when a connection dropped is
 * redelivered and recognised by the inbox.
 *
 * Guarantee: at least once, applied exactly once per message id (inbox), in order per group.
 *
 * @example
 * ```ts
 * connectResilientMicroservice(app, { strategy: app.get(DurableTransportFactory).createServer() });
 * ```
 */
export class DurableRmqServer
  extends Server
  implements CustomTransportStrategy
{
  readonly transportId = Transport.RMQ;
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  protected readonly logger = new Logger('DurableRmqServer');
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;
  private drain?: ChannelWrapper;
  private readonly dispatcher: DurableDispatcher;
  private readonly openChannels = new WeakMap<ConfirmChannel, AckCoalescer>();
  private consumerTag?: string;
  private watchdog?: RmqConsumerWatchdog;

  constructor(
    private readonly options: ResolvedRabbitMqOptions,
    private readonly deliveries: MessageDeliveryService,
    dispatcherOptions?: DurableDispatcherOptions,
  ) {
    super();
    this.dispatcher = new DurableDispatcher(
      deliveries,
      (pattern) => this.getHandlerByPattern(pattern),
      this.logger,
      dispatcherOptions,
    );
  }

  /** Whether the broker connection is up. */
  isConnected(): boolean {
    return this.connection?.isConnected() ?? false;
  }

  /** Messages in flight and parked, for health and tests. */
  load(): { inFlight: number; parked: number } {
    return {
      inFlight: this.dispatcher.inFlight,
      parked: this.dispatcher.parked,
    };
  }

  listen(callback: (error?: unknown) => void): void {
    const { url, reconnectSeconds } = this.options;
    this.connection = connect([url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: reconnectSeconds,
    });
    const watchdog = new RmqConsumerWatchdog(
      this.connection,
      reconnectSeconds * 1_000,
      this.logger,
    );
    this.watchdog = watchdog;
    this.connection.on('connect', () => {
      this._status$.next('connected');
      this.logger.log(`Consuming ${this.options.queue}`);
    });
    this.connection.on('disconnect', ({ err }) => {
      this._status$.next('disconnected');
      this.logger.warn(
        `Connection lost (${err?.message ?? 'closed'}); unacknowledged messages will be redelivered`,
      );
    });
    this.channel = this.connection.createChannel({
      name: `consumer:${this.options.queue}`,
      confirm: true,
      json: false,
      setup: (channel: ConfirmChannel) => this.setup(channel),
    });
    this.channel.on('error', (error: Error) =>
      this.logger.warn(`Channel error: ${error.message}`),
    );
    const deadLetters = new RmqDeadLetterDrain(
      this.options,
      this.deliveries,
      watchdog,
      this.logger,
    );
    this.drain = this.connection.createChannel({
      name: `dead-letters:${this.options.queue}`,
      json: false,
      setup: (channel: ConfirmChannel) => deadLetters.setup(channel),
    });
    this.drain.on('error', (error: Error) =>
      this.logger.warn(`Channel error: ${error.message}`),
    );
    // Start even while the broker is down: consuming begins whenever it comes up.
    void Promise.race([this.channel.waitForConnect(), sleep(5_000)]).then(() =>
      callback(),
    );
  }

  async close(): Promise<void> {
    this.watchdog?.stop();
    const channel = this.channel;
    if (this.consumerTag && channel) {
      await channel.cancel(this.consumerTag).catch(() => undefined);
    }
    await this.dispatcher.close(CLOSE_TIMEOUT_MS);
    await channel?.close();
    await this.drain?.close();
    await this.connection?.close();
  }

  on(): void {
    throw new Error(
      'DurableRmqServer does not expose broker events; read its status instead',
    );
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('DurableRmqServer is not listening');
    return this.connection as T;
  }

  private async setup(channel: ConfirmChannel): Promise<void> {
    const { queue, prefetch, deliveryLimit, singleActiveConsumer } =
      this.options;
    this.openChannels.set(channel, new AckCoalescer(channel));
    channel.once('close', () => {
      this.openChannels.delete(channel);
      this.watchdog?.lost('consumer', 'channel closed');
    });
    try {
      await assertDurableQueue(channel, {
        queue,
        deliveryLimit,
        singleActiveConsumer,
      });
      await channel.prefetch(prefetch);
      const { consumerTag } = await channel.consume(
        queue,
        (message) =>
          message
            ? this.dispatcher.receive(this.inbound(message, channel))
            : this.watchdog?.lost('consumer', 'cancelled by the broker'),
        { noAck: false },
      );
      this.consumerTag = consumerTag;
      this.watchdog?.up('consumer');
    } catch (error) {
      this.watchdog?.lost('consumer', `setup failed: ${String(error)}`);
      throw error;
    }
  }

  private inbound(
    message: ConsumeMessage,
    channel: ConfirmChannel,
  ): InboundMessage {
    const { delivery, packet } = readRmqMessage(message, this.options.queue);
    this.openChannels.get(channel)?.track(message);
    const context = new RmqContext([message, channel, delivery.pattern ?? '']);
    delivery.attachTo(context);
    const alive = () => this.openChannels.has(channel);
    return {
      delivery,
      packet,
      context,
      isAlive: alive,
      // On a closed channel the ack is impossible: the broker redelivers, the inbox dedupes.
      ack: () => this.openChannels.get(channel)?.ack(message),
      release: () => this.requeueAtTail(message, channel, delivery.attempt),
      ...(message.properties.replyTo
        ? {
            reply: (answer: { response?: unknown; err?: unknown }) => {
              const body = {
                id: 'id' in packet ? packet.id : undefined,
                ...answer,
                isDisposed: true,
              };
              channel.sendToQueue(
                message.properties.replyTo as string,
                Buffer.from(JSON.stringify(body)),
                {
                  correlationId: message.properties.correlationId as string,
                },
              );
            },
          }
        : {}),
    };
  }

  /** A confirmed copy at the queue's tail, then the ack of the original: nothing lost, at worst a duplicate. */
  private async requeueAtTail(
    message: ConsumeMessage,
    channel: ConfirmChannel,
    attempts: number,
  ): Promise<void> {
    if (!this.openChannels.has(channel)) return;
    const headers = {
      ...message.properties.headers,
      [MESSAGE_HEADERS.attempts]: String(attempts),
    };
    await new Promise<void>((resolve, reject) => {
      channel.sendToQueue(
        this.options.queue,
        message.content,
        { ...message.properties, headers, persistent: true },
        (error: unknown) =>
          error
            ? reject(
                error instanceof Error
                  ? error
                  : new Error('The broker refused the copy'),
              )
            : resolve(),
      );
    });
    this.openChannels.get(channel)?.ack(message);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
