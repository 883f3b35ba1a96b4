import { randomUUID } from 'node:crypto';
import { DeadLetterService } from '@nest-resilience/dead-letters';
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
import { ChaosConsumer } from './support/chaos.consumer.js';
import { eventually } from './support/eventually.js';
import { FaultSwitch, FlakyConsumer } from './support/flaky.consumer.js';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import { deleteStream, NATS_URL } from './support/nats.broker.js';

describe('JetStream transport: at least once, with the same decorators', () => {
  const id = randomUUID().slice(0, 8);
  const stream = `MSG_E2E_${id}`;
  const subject = `msg-e2e.${id}`;
  let database: MessagingTestDatabase;
  let env: Record<string, string>;
  let t: MessagingTestApp | undefined;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_nats');
    env = {
      ...database.env,
      NATS_URL,
      MESSAGING_QUEUE: subject,
      MESSAGING_NATS_STREAM: stream,
      MESSAGING_NATS_DURABLE: `order-status-${id}`,
      MESSAGING_REDIS_EVENTS: 'false',
    };
    await database.query(CREATE_APPLIED_LOG);
  });

  afterAll(async () => {
    await t?.close();
    await deleteStream(stream);
    await database?.drop();
  });

  const applied = () =>
    database.query<AppliedRow>(
      `SELECT * FROM ${APPLIED_LOG_TABLE} ORDER BY id`,
    );

  it('keeps what was published while no consumer ran, and applies it once, in order, when one starts', async () => {
    const publisher = await startMessagingApp({ env, consume: false });
    const ids: string[] = [];
    try {
      const outbox = publisher.get(OutboxPublisher);
      for (const step of [
        'ORDER_CREATED',
        'ORDER_SHIPPED',
        'ORDER_DELIVERED',
      ]) {
        for (let order = 0; order < 10; order++) {
          const orderId = `nats-${order}`;
          ids.push(
            await publisher.dataSource.transaction((manager) =>
              outbox.add(manager, {
                type: `chaos.${step}`,
                groupKey: orderId,
                payload: { orderId },
              }),
            ),
          );
        }
      }
      await eventually(
        async () =>
          (await publisher.get(MessagingHealthIndicator).isHealthy()).messaging
            .outbox,
        (outbox) => outbox.pending === 0,
        { what: 'the outbox published to JetStream' },
      );
    } finally {
      await publisher.close();
    }

    t = await startMessagingApp({
      env,
      controllers: [ChaosConsumer, FlakyConsumer],
      providers: [FaultSwitch],
    });
    const rows = await eventually(applied, (r) => r.length >= ids.length, {
      what: 'the stored events applied',
    });
    expect(rows.map((r) => r.message_id).sort()).toEqual([...ids].sort());
    const byOrder = new Map<string, number[]>();
    for (const row of rows)
      byOrder.set(row.group_key!, [
        ...(byOrder.get(row.group_key!) ?? []),
        row.sequence!,
      ]);
    expect([...byOrder.values()].every((s) => s.join() === '1,2,3')).toBe(true);
  });

  it('retries a transient failure, delivers it again, then dead-letters what keeps failing, with the subject to replay to', async () => {
    const outbox = t!.get(OutboxPublisher);
    const [retried, exhausted] = await t!.dataSource.transaction((manager) =>
      Promise.all([
        outbox.add(manager, {
          type: 'FLAKY',
          groupKey: 'nats-flaky-1',
          payload: { key: 'n1', failUntilAttempt: 2 },
        }),
        outbox.add(manager, {
          type: 'FLAKY',
          groupKey: 'nats-flaky-2',
          payload: { key: 'n2', failUntilAttempt: 99 },
        }),
      ]),
    );
    const rows = await eventually(
      applied,
      (r) => r.some((row) => row.message_id === retried),
      { what: 'the retried event' },
    );
    expect(rows.find((row) => row.message_id === retried)?.attempt).toBe(3);
    const entry = await eventually(
      async () =>
        (
          await t!.get(DeadLetterService).list({ source: stream }, 100)
        ).items.find((e) => e.messageId === exhausted),
      (e) => e !== undefined,
      { what: 'the exhausted event dead-lettered' },
    );
    expect(entry).toMatchObject({
      destination: `nats:${subject}`,
      retryCount: 2,
      error: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    // Every attempt of both deliveries, oldest first.
    expect(
      (
        JSON.parse(
          entry!.headers[MESSAGE_HEADERS.attemptHistory],
        ) as AttemptRecord[]
      ).map((r) => r.attempt),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('states JetStream and its at-least-once guarantee in health', async () => {
    const result = await t!.get(MessagingHealthIndicator).isHealthy();
    expect(result.messaging).toMatchObject({
      status: 'up',
      endpoints: [
        { transport: 'nats', guarantee: 'at-least-once', connected: true },
      ],
    });
  });
});
