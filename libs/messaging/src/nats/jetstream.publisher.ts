import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  connect,
  headers as natsHeaders,
  type JetStreamClient,
  type NatsConnection,
} from 'nats';
import type { DeadLetterDelivery } from '@nest-resilience/dead-letters';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import {
  MessagePublisher,
  type PublishOutcome,
} from '../outbox/message.publisher.js';
import type { OutboundMessage } from '../outbox/outbound-message.interface.js';
import type { ResolvedJetStreamOptions } from './jetstream.defaults.js';
import { assertJetStream } from './jetstream.topology.js';
import {
  NATS_CONNECTION_OPTIONS,
  trackConnection,
} from './nats-connection.tracker.js';

/**
 * Publishes to a JetStream stream: a message counts as published when the stream acknowledged
 * it (`PubAck`); `Nats-Msg-Id` (the message id) lets the stream drop a re-published duplicate
 * within its de-duplication window. Bodies are Nest packets (`{ pattern, data }`).
 */
export class JetStreamPublisher
  extends MessagePublisher
  implements OnModuleDestroy
{
  readonly transport = 'nats';
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  readonly replayScheme = 'nats';
  private readonly logger = new Logger('JetStreamPublisher');
  private connection?: NatsConnection;
  private client?: JetStreamClient;
  private connecting?: Promise<void>;
  private connected = false;

  constructor(private readonly options: ResolvedJetStreamOptions) {
    super();
    this.connecting = this.connect();
  }

  isConnected(): boolean {
    // The relay asks before each batch: a failed first connection is tried again from here.
    if (!this.client) this.connecting ??= this.connect();
    // While the client reconnects, publishes would only wait in its buffer for a PubAck.
    return this.client !== undefined && this.connected;
  }

  async publish(
    messages: readonly OutboundMessage[],
  ): Promise<PublishOutcome[]> {
    const client = await this.ready();
    const results = await Promise.allSettled(
      messages.map((message) => {
        const h = natsHeaders();
        for (const [name, value] of Object.entries(message.headers))
          h.set(name, value);
        h.set(MESSAGE_HEADERS.messageId, message.messageId);
        h.set(MESSAGE_HEADERS.groupKey, message.groupKey);
        h.set(MESSAGE_HEADERS.sequence, String(message.sequence));
        const body = `{"pattern":${JSON.stringify(message.pattern)},"data":${message.payload}}`;
        return client.publish(
          message.destination ?? this.options.subject,
          Buffer.from(body),
          {
            msgID: message.messageId,
            headers: h,
          },
        );
      }),
    );
    return results.map((r) =>
      r.status === 'fulfilled' ? { ok: true } : { ok: false, error: r.reason },
    );
  }

  /** @throws when the destination is not `nats:<subject>` or the stream did not acknowledge */
  async replay(delivery: DeadLetterDelivery): Promise<void> {
    const client = await this.ready();
    const h = natsHeaders();
    for (const [name, value] of Object.entries(delivery.headers))
      h.set(name, value);
    h.set(MESSAGE_HEADERS.replayOf, delivery.id);
    const body = JSON.stringify({
      pattern: delivery.pattern,
      data: delivery.payload ?? null,
    });
    await client.publish(
      delivery.destination.slice('nats:'.length),
      Buffer.from(body),
      { headers: h },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }

  private async ready(): Promise<JetStreamClient> {
    if (!this.client) {
      this.connecting ??= this.connect();
      await this.connecting;
    }
    if (!this.client) throw new Error('JetStream is not connected');
    return this.client;
  }

  private async connect(): Promise<void> {
    try {
      this.connection = await connect({
        ...NATS_CONNECTION_OPTIONS,
        servers: this.options.servers,
        name: 'outbox-publisher',
      });
      this.connected = true;
      trackConnection(this.connection, this.logger, (connected) => {
        this.connected = connected;
      });
      await assertJetStream(
        await this.connection.jetstreamManager(),
        this.options,
      );
      this.client = this.connection.jetstream();
    } catch (error) {
      this.logger.warn(
        `Cannot connect to NATS: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.connecting = undefined;
    }
  }
}
