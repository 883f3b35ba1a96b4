import { randomUUID } from 'node:crypto';
import type { ChannelModel, Channel } from 'amqplib';
import {
  DeadLetterReplayService,
  DeadLetterService,
  type DeadLetter,
} from '@nest-resilience/dead-letters';
import {
  MESSAGE_HEADERS,
  MessagingHealthIndicator,
  OutboxPublisher,
  type AttemptRecord,
} from '@nest-resilience/messaging';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
  type AppliedRow,
} from './support/applied-log.js';
import { eventually } from './support/eventually.js';
import {
  FaultSwitch,
  FLAKY_REDELIVERY,
  FlakyConsumer,
} from './support/flaky.consumer.js';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import {
  connectRabbitMq,
  deleteDurableQueue,
  RABBITMQ_URL,
} from './support/rabbitmq.broker.js';
import { OrderStatusProjection } from '../../src/messaging/order-status/order-status.projection.js';

describe('resilient RabbitMQ consumer (manual ack, inbox, classification, dead letters)', () => {
  const queue = `messaging.e2e.consumer.${randomUUID().slice(0, 8)}`;
  let database: MessagingTestDatabase;
  let t: MessagingTestApp;
  let amqp: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_consumer');
    t = await startMessagingApp({
      env: {
        ...database.env,
        RABBITMQ_URL,
        MESSAGING_QUEUE: queue,
        MESSAGING_REDIS_EVENTS: 'false',
      },
      controllers: [FlakyConsumer],
      providers: [FaultSwitch],
    });
    await database.query(CREATE_APPLIED_LOG);
    amqp = await connectRabbitMq();
    channel = await amqp.createChannel();
  });

  afterAll(async () => {
    await amqp?.close();
    await t?.close();
    await deleteDurableQueue(queue);
    await database?.drop();
  });

  /** Adds events through the outbox, in one transaction. */
  async function publish(
    ...events: { type: string; groupKey: string; payload: unknown }[]
  ): Promise<string[]> {
    const outbox = t.get(OutboxPublisher);
    return t.dataSource.transaction((manager) =>
      Promise.all(events.map((event) => outbox.add(manager, event))),
    );
  }

  /** Publishes a raw message to the queue, bypassing the outbox. */
  function publishRaw(
    body: string,
    properties: Record<string, unknown> = {},
  ): string {
    const messageId = randomUUID();
    channel.sendToQueue(queue, Buffer.from(body), {
      persistent: true,
      messageId,
      ...properties,
    });
    return messageId;
  }

  async function deadLetters(): Promise<DeadLetter[]> {
    return (await t.get(DeadLetterService).list({ source: queue }, 500)).items;
  }

  async function applied(): Promise<AppliedRow[]> {
    return database.query<AppliedRow>(
      `SELECT * FROM ${APPLIED_LOG_TABLE} ORDER BY id`,
    );
  }

  it('refuses ORDER_SHIPPED after ORDER_CANCELLED as a business error: dead-lettered, not applied', async () => {
    const orderId = randomUUID();
    const payload = { orderId, customerId: 'c-1' };
    await publish(
      { type: 'ORDER_CREATED', groupKey: orderId, payload },
      { type: 'ORDER_CANCELLED', groupKey: orderId, payload },
      { type: 'ORDER_SHIPPED', groupKey: orderId, payload },
    );
    const entry = await eventually(
      async () =>
        (await deadLetters()).find((e) => e.pattern === 'ORDER_SHIPPED'),
      (e) => e !== undefined,
      { what: 'the refused ORDER_SHIPPED in the dead letter queue' },
    );
    expect(entry).toMatchObject({
      source: queue,
      destination: `amqp:${queue}`,
      payload,
      error: { code: 'CONFLICT', category: 'BUSINESS_LOGIC' },
      retryCount: 1,
    });
    expect(entry!.headers['x-group-key']).toBe(orderId);
    expect(entry!.headers['x-group-seq']).toBe('3');
    const order = await t.get(OrderStatusProjection).find(orderId);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      eventsApplied: 2,
      lastEventType: 'ORDER_CANCELLED',
    });
  });

  it('dead-letters poison at once (malformed JSON, no pattern, unknown pattern, invalid payload) and moves on', async () => {
    const before = (await deadLetters()).length;
    const orderId = randomUUID();
    publishRaw('{"pattern": "ORDER_CREATED", "data": {');
    publishRaw('{"data": {}}');
    publishRaw(JSON.stringify({ pattern: 'NO_SUCH_EVENT', data: { orderId } }));
    publishRaw(
      JSON.stringify({
        pattern: 'ORDER_CREATED',
        data: { orderId: 42, unexpected: true },
      }),
    );
    await publish({
      type: 'ORDER_CREATED',
      groupKey: orderId,
      payload: { orderId },
    });

    await eventually(
      () => t.get(OrderStatusProjection).find(orderId),
      (o) => o?.status === 'PENDING',
      {
        what: 'the valid event behind the poison',
      },
    );
    const entries = await eventually(
      deadLetters,
      (e) => e.length >= before + 4,
      { what: 'four dead letters' },
    );
    const codes = entries
      .slice(0, entries.length - before)
      .map((e) => e.error.code)
      .sort();
    expect(codes).toEqual([
      'MALFORMED_JSON',
      'MALFORMED_JSON',
      'NOT_FOUND',
      'VALIDATION_FAILED',
    ]);
    // Permanent: one attempt each, never retried.
    expect(entries.slice(0, 4).every((e) => e.retryCount <= 1)).toBe(true);
    // The unreadable body is kept as it arrived, for whoever fixes it.
    expect(entries.map((e) => e.payload)).toContain(
      '{"pattern": "ORDER_CREATED", "data": {',
    );
  });

  it('retries a transient failure with backoff and applies the message once', async () => {
    const [id] = await publish({
      type: 'FLAKY',
      groupKey: 'flaky-ok',
      payload: { key: 'ok', failUntilAttempt: 2 },
    });
    const rows = await eventually(
      applied,
      (r) => r.some((row) => row.message_id === id),
      { what: 'FLAKY applied' },
    );
    const mine = rows.filter((row) => row.message_id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0].attempt).toBe(3);
  });

  it('delivers a transient failure again with backoff, then dead-letters it with the last error and every attempt', async () => {
    const [id] = await publish({
      type: 'FLAKY',
      groupKey: 'flaky-ko',
      payload: { key: 'ko', failUntilAttempt: 99 },
    });
    const entry = await eventually(
      async () => (await deadLetters()).find((e) => e.messageId === id),
      (e) => e !== undefined,
      { what: 'the exhausted FLAKY dead letter' },
    );
    expect(entry!.error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      type: 'SimulatedOutageError',
      category: 'TRANSIENT',
    });
    // Two deliveries of three attempts each (the consumer's redelivery, the postgres retry).
    expect(entry!.retryCount).toBe(FLAKY_REDELIVERY.maxDeliveries);
    const history = JSON.parse(
      entry!.headers[MESSAGE_HEADERS.attemptHistory],
    ) as AttemptRecord[];
    expect(history.map((r) => [r.delivery, r.attempt, r.code])).toEqual([
      [1, 1, 'UPSTREAM_UNAVAILABLE'],
      [1, 2, 'UPSTREAM_UNAVAILABLE'],
      [1, 3, 'UPSTREAM_UNAVAILABLE'],
      [2, 4, 'UPSTREAM_UNAVAILABLE'],
      [2, 5, 'UPSTREAM_UNAVAILABLE'],
      [2, 6, 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(history.every((r) => r.message === 'simulated outage')).toBe(true);
    expect(
      (await applied()).filter((row) => row.message_id === id),
    ).toHaveLength(0);
  });

  it('applies once a message whose first delivery failed for good reason to wait', async () => {
    const [id] = await publish({
      type: 'FLAKY',
      groupKey: 'flaky-second-delivery',
      payload: { key: 'second', failUntilAttempt: 4 },
    });
    const rows = await eventually(
      applied,
      (r) => r.some((row) => row.message_id === id),
      { what: 'FLAKY applied at its second delivery' },
    );
    expect(rows.filter((row) => row.message_id === id)).toEqual([
      expect.objectContaining({ attempt: 5 }),
    ]);
    expect((await deadLetters()).some((e) => e.messageId === id)).toBe(false);
  });

  it('acknowledges a redelivered duplicate without applying it twice', async () => {
    const messageId = randomUUID();
    const body = JSON.stringify({ pattern: 'FLAKY', data: { key: 'dup' } });
    for (let i = 0; i < 3; i++) {
      channel.sendToQueue(queue, Buffer.from(body), {
        persistent: true,
        messageId,
      });
    }
    await eventually(
      applied,
      (r) => r.some((row) => row.message_id === messageId),
      { what: 'the duplicate applied' },
    );
    // Give the copies time to arrive and be recognised.
    await eventually(
      async () => (await channel.checkQueue(queue)).messageCount,
      (count) => count === 0,
      { what: 'the queue to drain' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (await applied()).filter((row) => row.message_id === messageId),
    ).toHaveLength(1);
  });

  it('replays a dead letter to the queue it came from, where it is applied', async () => {
    const faults = t.get(FaultSwitch);
    faults.failing.add('replayed');
    const [id] = await publish({
      type: 'FLAKY',
      groupKey: 'flaky-replay',
      payload: { key: 'replayed' },
    });
    const entry = await eventually(
      async () => (await deadLetters()).find((e) => e.messageId === id),
      (e) => e !== undefined,
      { what: 'the dead letter to replay' },
    );
    faults.failing.delete('replayed');
    const { outcome } = await t.get(DeadLetterReplayService).replay(entry!.id);
    expect(outcome).toBe('DELIVERED');
    const rows = await eventually(
      applied,
      (r) => r.some((row) => row.message_id === id),
      { what: 'the replay applied' },
    );
    expect(rows.filter((row) => row.message_id === id)).toHaveLength(1);
    // Resolved by the consumer's confirmation, not by the broker taking the replay.
    const resolved = await eventually(
      async () => (await deadLetters()).find((e) => e.id === entry!.id),
      (e) => e?.status === 'RESOLVED',
      { what: 'the replay confirmed by the consumer' },
    );
    expect(resolved!.resolution).toMatchObject({
      reason: 'Handled by its consumer after a replay',
    });
  });

  it('reopens the one dead letter of a replayed message that fails again', async () => {
    const faults = t.get(FaultSwitch);
    faults.failing.add('fails-again');
    const [id] = await publish({
      type: 'FLAKY',
      groupKey: 'flaky-fails-again',
      payload: { key: 'fails-again' },
    });
    const entry = await eventually(
      async () => (await deadLetters()).find((e) => e.messageId === id),
      (e) => e !== undefined,
      { what: 'the dead letter to replay' },
    );
    const replayedAt = new Date();
    const { outcome } = await t.get(DeadLetterReplayService).replay(entry!.id);
    // The broker took it; the handler still fails.
    expect(outcome).toBe('DELIVERED');

    const reopened = await eventually(
      async () => (await deadLetters()).filter((e) => e.messageId === id),
      (entries) =>
        entries.length > 1 ||
        (entries[0]?.status === 'PENDING' &&
          entries[0].lastFailedAt >= replayedAt),
      { what: 'the dead letter reopened' },
    );
    faults.failing.delete('fails-again');
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({
      id: entry!.id,
      status: 'PENDING',
      replayCount: 1,
      error: { type: 'SimulatedOutageError' },
    });
    expect(reopened[0]!.resolution).toBeUndefined();
  });

  it('dead-letters what the broker gave up on after its delivery limit (the backstop)', async () => {
    // What the quorum queue does at x-delivery-limit: republish through the dead-letter exchange.
    const messageId = randomUUID();
    channel.publish(
      `${queue}.dlx`,
      queue,
      Buffer.from(
        JSON.stringify({ pattern: 'FLAKY', data: { key: 'crash-loop' } }),
      ),
      {
        persistent: true,
        messageId,
        headers: { 'x-delivery-count': 20 },
      },
    );
    const entry = await eventually(
      async () => (await deadLetters()).find((e) => e.messageId === messageId),
      (e) => e !== undefined,
      { what: 'the broker-dead-lettered message in the dead letter queue' },
    );
    expect(entry).toMatchObject({
      destination: `amqp:${queue}`,
      error: { type: 'DeliveryLimitExceededError' },
    });
    await eventually(
      async () => (await channel.checkQueue(`${queue}.dead`)).messageCount,
      (count) => count === 0,
      { what: 'the broker dead-letter queue drained' },
    );
  });

  it('states the transport and its guarantee in the health indicator', async () => {
    const result = await t.get(MessagingHealthIndicator).isHealthy();
    expect(result.messaging).toMatchObject({
      status: 'up',
      endpoints: [
        {
          transport: 'rabbitmq',
          guarantee: 'at-least-once',
          connected: true,
          name: `rabbitmq consumer of ${queue}`,
        },
      ],
      outbox: { pending: 0 },
    });
  });
});
