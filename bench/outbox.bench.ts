import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  assertDurableQueue,
  MessagingHealthIndicator,
  OutboxPublisher,
} from '@nest-resilience/messaging';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from '../test/messaging/support/messaging-test.database.js';
import { startMessagingApp } from '../test/messaging/support/messaging-test.app.js';
import {
  connectRabbitMq,
  deleteDurableQueue,
  RABBITMQ_URL,
} from '../test/messaging/support/rabbitmq.broker.js';
import { compare, header } from './support/abba.js';

const EVENTS = 4_000;
const GROUPS = 400;
const PRODUCERS = 8;
const ROUNDS = 5;

const topology = (queue: string) => ({
  queue,
  deliveryLimit: 20,
  singleActiveConsumer: true,
});

it('measures the outbox end to end against publishing directly with confirms', async () => {
  header(
    'Outbox end to end against publishing directly to RabbitMQ with publisher confirms',
    [
      `${EVENTS} events to a fresh quorum queue per run; outbox: ${PRODUCERS} producers, one event per ` +
        'PostgreSQL transaction, timed until the relay has published every one with confirms',
      `direct, as amqplib's documentation shows confirms: a ConfirmChannel, sendToQueue(..., callback); ` +
        `judged against ${PRODUCERS} producers each waiting for its event's confirm (the same producers, ` +
        'one event at a time); the pipelined form (one producer, every event in flight, then ' +
        'waitForConfirms) is printed for reference',
      `${ROUNDS} ABBA rounds after one discarded round, each comparison on its own`,
    ],
  );
  const database = await createMessagingTestDatabase('bench_outbox');
  try {
    const outbox = {
      label: `outbox, ${PRODUCERS} producers`,
      measure: () => outboxRate(database),
    };
    await compare({
      name: `Outbox end to end, 1 event per transaction, ${PRODUCERS} producers`,
      unit: 'msg/s',
      baseline: {
        label: `direct, ${PRODUCERS} producers, each awaiting its confirm`,
        measure: () => directRate(PRODUCERS),
      },
      subject: outbox,
      rounds: ROUNDS,
      target: { ratio: { atLeast: 0.5 } },
    });
    await compare({
      name: 'Outbox end to end against pipelined direct publishing, for reference',
      unit: 'msg/s',
      baseline: {
        label: 'direct, pipelined, then waitForConfirms',
        measure: () => directRate('pipelined'),
      },
      subject: outbox,
      rounds: ROUNDS,
    });
  } finally {
    await database.drop();
  }
}, 600_000);

/** Publishes the run's events directly. @returns messages per second */
async function directRate(producers: number | 'pipelined'): Promise<number> {
  const queue = `messaging.bench.direct.${randomUUID().slice(0, 8)}`;
  const amqp = await connectRabbitMq();
  try {
    const channel = await amqp.createConfirmChannel();
    await assertDurableQueue(channel, topology(queue));
    const publish = (n: number, confirmed?: (error: unknown) => void) =>
      channel.sendToQueue(
        queue,
        Buffer.from(
          JSON.stringify({ pattern: 'BENCH', data: { key: 'k', n } }),
        ),
        { persistent: true, messageId: randomUUID() },
        confirmed,
      );
    const start = performance.now();
    if (producers === 'pipelined') {
      for (let n = 0; n < EVENTS; n++) publish(n);
      await channel.waitForConfirms();
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: producers }, async () => {
          while (next < EVENTS) {
            const n = next++;
            await new Promise<void>((resolve, reject) =>
              publish(n, (error) => (error ? reject(error) : resolve())),
            );
          }
        }),
      );
    }
    return (EVENTS * 1000) / (performance.now() - start);
  } finally {
    await amqp.close();
    await deleteDurableQueue(queue).catch(() => undefined);
  }
}

/** Adds the run's events through the outbox and waits for the relay. @returns messages per second */
async function outboxRate(database: MessagingTestDatabase): Promise<number> {
  const queue = `messaging.bench.outbox.${randomUUID().slice(0, 8)}`;
  const app = await startMessagingApp({
    env: {
      ...database.env,
      RABBITMQ_URL,
      MESSAGING_QUEUE: queue,
      MESSAGING_REDIS_EVENTS: 'false',
      MESSAGING_RELAY: 'true',
    },
    consume: false,
  });
  try {
    const outbox = app.get(OutboxPublisher);
    const health = app.get(MessagingHealthIndicator);
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < EVENTS) {
          const n = next++;
          await app.dataSource.transaction((manager) =>
            outbox.add(manager, {
              type: 'BENCH',
              groupKey: `g-${n % GROUPS}`,
              payload: { key: 'k', n },
            }),
          );
        }
      }),
    );
    const deadline = performance.now() + 120_000;
    while ((await health.isHealthy()).messaging.outbox.pending > 0) {
      if (performance.now() > deadline)
        throw new Error('the outbox relay stalled (is RabbitMQ up?)');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return (EVENTS * 1000) / (performance.now() - start);
  } finally {
    await app.close();
    await deleteDurableQueue(queue).catch(() => undefined);
  }
}
