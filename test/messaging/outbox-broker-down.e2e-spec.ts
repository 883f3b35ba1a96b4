import { randomUUID } from 'node:crypto';
import {
  CircuitBreakerRegistry,
  CircuitState,
} from '@nest-resilience/resilience';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  MessagingHealthIndicator,
  OutboxPublisher,
} from '@nest-resilience/messaging';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
  type AppliedRow,
} from './support/applied-log.js';
import { ChaosConsumer } from './support/chaos.consumer.js';
import { eventually } from './support/eventually.js';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import { deleteDurableQueue, RABBITMQ_URL } from './support/rabbitmq.broker.js';

const ORDERS = 100;
const STEPS = ['ORDER_CREATED', 'ORDER_SHIPPED', 'ORDER_DELIVERED'];

describe('transactional outbox while RabbitMQ is down', () => {
  const queue = `messaging.e2e.outbox.${randomUUID().slice(0, 8)}`;
  let database: MessagingTestDatabase;
  let t: MessagingTestApp;
  // The app reaches RabbitMQ only through it: an outage is a cut there, the broker stays up.
  let broker: FaultProxy;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_outbox');
    broker = await FaultProxy.start(RABBITMQ_URL);
    t = await startMessagingApp({
      env: {
        ...database.env,
        RABBITMQ_URL: broker.url(RABBITMQ_URL),
        MESSAGING_QUEUE: queue,
        MESSAGING_REDIS_EVENTS: 'false',
      },
      controllers: [ChaosConsumer],
    });
    await database.query(CREATE_APPLIED_LOG);
  });

  afterAll(async () => {
    await t?.close();
    await broker?.close();
    await deleteDurableQueue(queue).catch(() => undefined);
    await database?.drop();
  });

  it('keeps events in the outbox during the outage and delivers every one, in order, after it', async () => {
    const outbox = t.get(OutboxPublisher);
    const health = t.get(MessagingHealthIndicator);
    const ids: string[] = [];
    try {
      // A broker restart, as the app sees it: every connection cut, new ones refused.
      broker.down();
      // State changes keep committing: each transaction stores its event, whatever the broker.
      for (let step = 0; step < STEPS.length; step++) {
        for (let order = 0; order < ORDERS; order++) {
          const orderId = `down-${order}`;
          ids.push(
            await t.dataSource.transaction((manager) =>
              outbox.add(manager, {
                type: `chaos.${STEPS[step]}`,
                groupKey: orderId,
                payload: { orderId },
              }),
            ),
          );
        }
      }
      const during = await eventually(
        () => health.isHealthy(),
        (r) => r.messaging.status === 'degraded',
        { what: 'messaging degraded while the broker is down' },
      );
      expect(during.messaging).toMatchObject({
        outbox: { pending: ORDERS * STEPS.length },
      });
      // The relay publishes through the breaker, which opens instead of hammering a dead broker.
      await eventually(
        async () => t.get(CircuitBreakerRegistry).get('rabbitmq')?.currentState,
        (state) => state === CircuitState.OPEN,
        { what: 'the rabbitmq breaker to open' },
      );
      expect(await count()).toBe(0);
    } finally {
      broker.pass();
    }

    const rows = await eventually(
      () =>
        database.query<AppliedRow>(
          `SELECT * FROM ${APPLIED_LOG_TABLE} ORDER BY id`,
        ),
      (r) => r.length >= ids.length,
      {
        timeoutMs: 60_000,
        what: 'every event applied after the broker came back',
      },
    );
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(ids));
    expect(rows).toHaveLength(ids.length);
    const byOrder = new Map<string, number[]>();
    for (const row of rows)
      byOrder.set(row.group_key!, [
        ...(byOrder.get(row.group_key!) ?? []),
        row.sequence!,
      ]);
    for (const sequences of byOrder.values())
      expect(sequences).toEqual([1, 2, 3]);
    const after = await eventually(
      () => health.isHealthy(),
      (r) => r.messaging.status === 'up',
      { what: 'messaging up again' },
    );
    expect(after.messaging).toMatchObject({ outbox: { pending: 0 } });
  }, 120_000);

  async function count(): Promise<number> {
    const [row] = await database.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM ${APPLIED_LOG_TABLE}`,
    );
    return Number(row.n);
  }
});
