import type { RedeliveryOptions } from './delivery/redelivery-options.interface.js';

/** How the outbox relay works. */
export interface OutboxRelayOptions {
  /** Run the relay in this instance. @default true */
  enabled?: boolean;
  /** Events claimed and published at a time. @default 200 */
  batchSize?: number;
  /** Longest wait for new events when the outbox is empty. @default 1000 */
  pollIntervalMs?: number;
  /** How long a claim holds rows before another instance may take them. @default 30000 */
  leaseMs?: number;
  /**
   * Resilience service whose breaker and retry backoff guard publishing (its circuit opens
   * while the broker is down). Undeclared: the configuration's defaults. @default 'rabbitmq'
   */
  breakerService?: string;
  /** How long published events are kept before they are deleted. @default 86400000 (a day) */
  retentionMs?: number;
  /** How often published events are purged; `0`: never. @default 60000 */
  purgeIntervalMs?: number;
}

/** Connection and topology of the RabbitMQ transport. */
export interface RabbitMqBrokerOptions {
  transport: 'rabbitmq';
  /** `amqp://user:pass@host:5672/vhost`. */
  url: string;
  /** Queue the outbox publishes to when an event names none, and the consumer reads. */
  queue: string;
  /** Unacknowledged messages a consumer holds at once. @default 32 */
  prefetch?: number;
  /**
   * Deliveries after which the broker itself dead-letters a message (quorum queue
   * `x-delivery-limit`): the backstop for a message that crashes every consumer before its
   * attempts are recorded. @default 20
   */
  deliveryLimit?: number;
  /** Only one consumer of the queue is active at a time (failover keeps order). @default true */
  singleActiveConsumer?: boolean;
  /** How long a publish waits for its confirm before it fails. @default 5000 */
  publishTimeoutMs?: number;
  /** Seconds between reconnection attempts. @default 1 */
  reconnectSeconds?: number;
}

/** Connection of the NATS JetStream transport. */
export interface NatsBrokerOptions {
  transport: 'nats';
  /** `nats://host:4222`. */
  servers: string | string[];
  /** JetStream stream holding the events (created when missing). */
  stream: string;
  /** Subject the outbox publishes to when an event names none; the stream covers `<subject>.>`. */
  subject: string;
  /** Durable consumer name; also the inbox's consumer. */
  durable: string;
  /** Unacknowledged messages delivered at once (`max_ack_pending`). @default 32 */
  maxAckPending?: number;
  /** Redelivery after this long without an ack. @default 30000 */
  ackWaitMs?: number;
  /** Deliveries after which JetStream stops redelivering (backstop). @default 20 */
  maxDeliver?: number;
}

/** No broker: the outbox itself is the queue, consumed in this process. */
export interface InProcessBrokerOptions {
  transport: 'in-process';
  /** Name of the queue, for the inbox and dead letters. @default 'in-process' */
  queue?: string;
}

/** Options of `ResilientMessagingModule.forRoot()` / `forRootAsync()`. */
export interface ResilientMessagingModuleOptions {
  /** The broker the outbox publishes to and the durable consumer reads from. */
  broker: RabbitMqBrokerOptions | NatsBrokerOptions | InProcessBrokerOptions;
  relay?: OutboxRelayOptions;
  /**
   * How every consumer redelivers a message whose delivery failed for a reason that says
   * "later", before it may be dead-lettered; a `@ResilientConsumer({ redelivery })` class
   * overrides it. Validated at start. @default { maxDeliveries: 8, initialDelayMs: 1000,
   * maxDelayMs: 60000, multiplier: 2, jitter: 'equal' }
   */
  redelivery?: RedeliveryOptions;
}
