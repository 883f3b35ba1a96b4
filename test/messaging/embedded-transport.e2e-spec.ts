import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  MessagingHealthIndicator,
  OutboxPublisher,
} from '@nest-resilience/messaging';
import { eventually } from './support/eventually.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import { OrderStatusProjection } from '../../src/messaging/order-status/order-status.projection.js';

describe('embedded default: no broker, SQLite, the outbox as the queue', () => {
  const file = join(
    tmpdir(),
    `messaging-embedded-${process.pid}-${randomUUID().slice(0, 8)}.sqlite`,
  );
  const queue = 'orders.events';
  let t: MessagingTestApp;

  beforeAll(async () => {
    t = await startMessagingApp({
      env: {
        DATABASE_URL: undefined,
        RABBITMQ_URL: undefined,
        NATS_URL: undefined,
        REDIS_URL: undefined,
        DATABASE_SQLITE_PATH: file,
        MESSAGING_QUEUE: queue,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`])
      rmSync(f, { force: true });
  });

  it('applies order events in order and refuses ORDER_SHIPPED after ORDER_CANCELLED', async () => {
    const outbox = t.get(OutboxPublisher);
    const shipped = randomUUID();
    const cancelled = randomUUID();
    const add = (type: string, orderId: string) =>
      t.dataSource.transaction((manager) =>
        outbox.add(manager, { type, groupKey: orderId, payload: { orderId } }),
      );
    for (const type of ['ORDER_CREATED', 'ORDER_SHIPPED', 'ORDER_DELIVERED'])
      await add(type, shipped);
    for (const type of ['ORDER_CREATED', 'ORDER_CANCELLED'])
      await add(type, cancelled);
    const refused = await add('ORDER_SHIPPED', cancelled);

    const projection = t.get(OrderStatusProjection);
    await eventually(
      () => projection.find(shipped),
      (o) => o?.status === 'DELIVERED',
      { what: 'DELIVERED' },
    );
    const entry = await eventually(
      async () =>
        (await t.get(DeadLetterService).list({ source: queue }, 10)).items.find(
          (e) => e.messageId === refused,
        ),
      (e) => e !== undefined,
      { what: 'the refused event dead-lettered' },
    );
    expect(entry).toMatchObject({
      destination: `local:${queue}`,
      error: { code: 'CONFLICT' },
    });
    expect(await projection.find(cancelled)).toMatchObject({
      status: 'CANCELLED',
      eventsApplied: 2,
    });
  });

  it('states the in-process transport and its guarantee in health', async () => {
    const result = await t.get(MessagingHealthIndicator).isHealthy();
    expect(result.messaging).toMatchObject({
      status: 'up',
      endpoints: [
        {
          transport: 'in-process',
          guarantee: 'at-least-once',
          connected: true,
        },
      ],
      outbox: { pending: 0 },
    });
  });
});
