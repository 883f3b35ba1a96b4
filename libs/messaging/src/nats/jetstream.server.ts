import { Logger } from '@nestjs/common';
import {
  Server,
  Transport,
  type CustomTransportStrategy,
} from '@nestjs/microservices';
import {
  connect,
  type ConsumerMessages,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import {
  DurableDispatcher,
  type DurableDispatcherOptions,
} from '../delivery/durable.dispatcher.js';
import type { InboundPacket } from '../delivery/inbound-message.interface.js';
import { MessageDelivery } from '../delivery/message-delivery.js';
import type { MessageDeliveryService } from '../delivery/message-delivery.service.js';
import { MalformedMessageError } from '../errors/malformed-message.error.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import type { ResolvedJetStreamOptions } from './jetstream.defaults.js';
import { JetStreamContext } from './jetstream.context.js';
import { assertJetStream } from './jetstream.topology.js';
import {
  JETSTREAM_PULL_EXPIRES_MS,
  NATS_CONNECTION_OPTIONS,
  trackConnection,
} from './nats-connection.tracker.js';

/** Redelivery delay of a message given back after waiting too long for its predecessor. */
const RELEASE_DELAY_MS = 1_000;
/** Wait before the consumer's subscription is made again, after it ended by itself. */
const RESUBSCRIBE_DELAY_MS = 500;

/**
 * A Nest transport strategy on a JetStream durable pull consumer: explicit acks after the
 * effect (or the dead letter) committed, `max_ack_pending` as the prefetch, redelivery after
 * `ack_wait` when a consumer died, `max_deliver` as the backstop. The same dispatcher as
 * RabbitMQ: order per group, inbox, settlement by classification.
 *
 * After a server restart the connection comes back within about half a second of the server
 * accepting connections, the stream and the consumer are declared again (a server that lost
 * them gets them back), and the subscription resumes; one that ended all the same is made again.
 *
 * Guarantee: at least once, applied once per message id, in order per group.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  readonly transportId = Transport.NATS;
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  protected readonly logger = new Logger('JetStreamServer');
  private connection?: NatsConnection;
  private messages?: ConsumerMessages;
  private readonly dispatcher: DurableDispatcher;
  private consuming?: Promise<void>;
  private connected = false;
  private closing = false;

  constructor(
    private readonly options: ResolvedJetStreamOptions,
    deliveries: MessageDeliveryService,
    dispatcherOptions?: DurableDispatcherOptions,
  ) {
    super();
    this.dispatcher = new DurableDispatcher(
      deliveries,
      (pattern) => this.getHandlerByPattern(pattern),
      this.logger,
      // A message held for its next delivery must not outlive `ack_wait` unseen.
      {
        keepAliveMs: Math.max(100, Math.floor(options.ackWaitMs / 3)),
        ...dispatcherOptions,
      },
    );
  }

  isConnected(): boolean {
    return this.connected;
  }

  load(): { inFlight: number; parked: number } {
    return {
      inFlight: this.dispatcher.inFlight,
      parked: this.dispatcher.parked,
    };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const connection = await connect({
        ...NATS_CONNECTION_OPTIONS,
        servers: this.options.servers,
        name: `consumer:${this.options.durable}`,
      });
      this.connection = connection;
      this.connected = true;
      trackConnection(connection, this.logger, (connected) => {
        this.connected = connected;
        if (connected) void this.declare(connection);
      });
      await assertJetStream(await connection.jetstreamManager(), this.options);
      this.consuming = this.consumeUntilClosed(
        connection,
        await this.subscribe(connection),
      );
      this.logger.log(
        `Consuming ${this.options.stream}/${this.options.durable}`,
      );
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.messages?.close();
    await this.dispatcher.close(5_000);
    await this.consuming;
    await this.connection?.drain().catch(() => undefined);
  }

  on(): void {
    throw new Error(
      'JetStreamServer does not expose connection events; read its status instead',
    );
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamServer is not listening');
    return this.connection as T;
  }

  private async subscribe(
    connection: NatsConnection,
  ): Promise<ConsumerMessages> {
    const consumer = await connection
      .jetstream()
      .consumers.get(this.options.stream, this.options.durable);
    this.messages = await consumer.consume({
      max_messages: this.options.maxAckPending,
      expires: JETSTREAM_PULL_EXPIRES_MS,
    });
    return this.messages;
  }

  /** Consumes `first`, then a new subscription whenever one ends while the server lives on. */
  private async consumeUntilClosed(
    connection: NatsConnection,
    first: ConsumerMessages,
  ): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    let streak = 0;
    while (!this.closing && !connection.isClosed()) {
      try {
        messages ??= await this.subscribe(connection);
        streak = 0;
        await this.consume(messages);
      } catch (error) {
        if (streak++ === 0)
          this.logger.warn(`Consuming stopped: ${describe(error)}`);
      }
      messages = undefined;
      if (this.closing || connection.isClosed()) return;
      if (streak <= 1)
        this.logger.warn(
          `Subscribing to ${this.options.stream}/${this.options.durable} again`,
        );
      await sleep(RESUBSCRIBE_DELAY_MS);
      await this.declare(connection);
    }
  }

  /** Declares the stream and the consumer, in case the server lost them. */
  private async declare(connection: NatsConnection): Promise<void> {
    try {
      await assertJetStream(await connection.jetstreamManager(), this.options);
    } catch (error) {
      this.logger.warn(
        `Cannot declare ${this.options.stream}/${this.options.durable}: ${describe(error)}`,
      );
    }
  }

  private async consume(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      const { delivery, packet } = this.read(message);
      const context = new JetStreamContext(
        message.subject,
        message.headers,
        delivery.pattern ?? message.subject,
      );
      delivery.attachTo(context);
      this.dispatcher.receive({
        delivery,
        packet,
        context,
        // Acks made while reconnecting wait in the client and go out on reconnection.
        isAlive: () =>
          this.connection !== undefined && !this.connection.isClosed(),
        ack: () => message.ack(),
        keepAlive: () => message.working(),
        release: () => {
          message.nak(RELEASE_DELAY_MS);
          return Promise.resolve();
        },
      });
    }
  }

  private read(message: JsMsg): {
    delivery: MessageDelivery;
    packet: InboundPacket;
  } {
    const headers: Record<string, string> = {};
    for (const [name, values] of message.headers ?? [])
      headers[name.toLowerCase()] = values[0] ?? '';
    const text = message.string();
    let packet: InboundPacket;
    try {
      const body = JSON.parse(text) as { pattern?: unknown; data?: unknown };
      packet =
        typeof body?.pattern === 'string'
          ? { pattern: body.pattern, data: body.data }
          : { error: new MalformedMessageError(this.options.stream) };
    } catch (error) {
      packet = { error: new MalformedMessageError(this.options.stream, error) };
    }
    const sequence = Number(headers[MESSAGE_HEADERS.sequence]);
    const groupKey = headers[MESSAGE_HEADERS.groupKey];
    const delivery = new MessageDelivery({
      consumer: this.options.durable,
      transport: 'nats',
      source: this.options.stream,
      destination: `nats:${message.subject}`,
      pattern: 'pattern' in packet ? packet.pattern : undefined,
      messageId: headers[MESSAGE_HEADERS.messageId] ?? headers['nats-msg-id'],
      ...(groupKey && Number.isInteger(sequence) && sequence > 0
        ? { groupKey, sequence }
        : {}),
      headers,
      payload: 'data' in packet ? packet.data : text,
      redelivered: message.redelivered,
      replayOf: headers[MESSAGE_HEADERS.replayOf],
    });
    return { delivery, packet };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
