import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString } from 'class-validator';
import type { EntityManager } from 'typeorm';
import {
  InboxService,
  MessagingHealthIndicator,
  OutboxPublisher,
  OutboxRelay,
  ResilientConsumer,
  assertDurableQueue,
} from '@nest-resilience/messaging';
import { RequestContext } from '@nest-resilience/problem-details';
import { Retry } from '@nest-resilience/resilience';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from '../test/messaging/support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from '../test/messaging/support/messaging-test.app.js';
import {
  connectRabbitMq,
  deleteDurableQueue,
  RABBITMQ_URL,
} from '../test/messaging/support/rabbitmq.broker.js';
import { heading, median, report } from './bench.util.js';

const MESSAGES = 5_000;
const GROUPS = 500;
const PREFETCH = 32;
const ROUNDS = 3;
const EFFECT_TABLE = 'bench_effect';

class BenchEventDto {
  @IsString()
  key: string;

  @IsInt()
  n: number;
}

/** The effect both consumers apply: one row per message. */
function applyEffect(
  manager: EntityManager,
  key: string,
  n: number,
): Promise<unknown> {
  const { schema } = manager.connection.options as { schema?: string };
  return manager.query(
    `INSERT INTO "${schema}".${EFFECT_TABLE} (key, n) VALUES ($1, $2)`,
    [key, n],
  );
}

@ResilientConsumer()
class BenchConsumer {
  constructor(private readonly inbox: InboxService) {}

  @EventPattern('BENCH')
  @Retry('postgres')
  async handle(
    @Payload() event: BenchEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    await this.inbox.consume(context, (manager) =>
      applyEffect(manager, event.key, event.n),
    );
  }
}

it('measures the resilient RabbitMQ consumer and the outbox against bare amqplib', async () => {
  const database = await createMessagingTestDatabase('bench_msg');
  await database.query(
    `CREATE TABLE ${EFFECT_TABLE} (id bigserial PRIMARY KEY, key varchar(64) NOT NULL, n integer NOT NULL)`,
  );
  const queues: string[] = [];
  const queue = (kind: string) => {
    const name = `messaging.bench.${kind}.${randomUUID().slice(0, 8)}`;
    queues.push(name);
    return name;
  };
  const env = (q: string, relay = true) => ({
    ...database.env,
    RABBITMQ_URL,
    MESSAGING_QUEUE: q,
    MESSAGING_PREFETCH: String(PREFETCH),
    MESSAGING_REDIS_EVENTS: 'false',
    MESSAGING_RELAY: String(relay),
  });
  const amqp = await connectRabbitMq();
  const channel = await amqp.createConfirmChannel();
  const topology = (q: string) => ({
    queue: q,
    deliveryLimit: 20,
    singleActiveConsumer: true,
  });

  /** Loads a queue with the run's messages, as the outbox would publish them. */
  async function preload(q: string): Promise<void> {
    await assertDurableQueue(channel, topology(q));
    for (let i = 0; i < MESSAGES; i++) {
      const groupKey = `g-${i % GROUPS}`;
      channel.sendToQueue(
        q,
        Buffer.from(
          JSON.stringify({ pattern: 'BENCH', data: { key: groupKey, n: i } }),
        ),
        {
          persistent: true,
          messageId: randomUUID(),
          headers: {
            'x-group-key': groupKey,
            'x-group-seq': String(Math.floor(i / GROUPS) + 1),
          },
        },
      );
    }
    await channel.waitForConfirms();
  }

  /** Messages per second between 10 % and 90 % of the run applied (start-up excluded). */
  async function steadyRate(): Promise<number> {
    const start = Number(
      (
        await database.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM ${EFFECT_TABLE}`,
        )
      )[0].n,
    );
    const marks: [number, number][] = [];
    const deadline = performance.now() + 120_000;
    for (;;) {
      if (performance.now() > deadline)
        throw new Error(
          'consumption stalled (was the broker or database restarted?)',
        );
      const n =
        Number(
          (
            await database.query<{ n: string }>(
              `SELECT COUNT(*) AS n FROM ${EFFECT_TABLE}`,
            )
          )[0].n,
        ) - start;
      marks.push([performance.now(), n]);
      if (n >= MESSAGES) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const at = (share: number) => marks.find(([, n]) => n >= MESSAGES * share)!;
    const [t10, n10] = at(0.1);
    const [t90, n90] = at(0.9);
    return ((n90 - n10) * 1000) / (t90 - t10);
  }

  async function bare(): Promise<number> {
    const q = queue('bare');
    await preload(q);
    const app = await startMessagingApp({
      env: env(queue('unused')),
      consume: false,
    });
    const consumer = await amqp.createChannel();
    await consumer.prefetch(PREFETCH);
    await consumer.consume(q, (message) => {
      if (!message) return;
      const { data } = JSON.parse(message.content.toString()) as {
        data: BenchEventDto;
      };
      void app.dataSource
        .transaction((manager) => applyEffect(manager, data.key, data.n))
        .then(() => consumer.ack(message));
    });
    const rate = await steadyRate();
    await consumer.close();
    await app.close();
    return rate;
  }

  async function resilient(): Promise<number> {
    const q = queue('resilient');
    await preload(q);
    const app = await startMessagingApp({
      env: env(q),
      controllers: [BenchConsumer],
    });
    const rate = await steadyRate();
    await app.close();
    return rate;
  }

  let outboxApp: MessagingTestApp | undefined;
  try {
    heading(
      `Consuming ${MESSAGES} messages (${GROUPS} groups, prefetch ${PREFETCH}, quorum queue, PostgreSQL effect)`,
    );
    // The application runs every request in the library's request context (AsyncLocalStorage),
    // whose hooks then cost every promise of the process: both consumers run with them on, as
    // they would in the application, instead of the baseline alone running without.
    RequestContext.run(
      { requestId: 'bench', startedAt: Date.now(), transport: 'rpc' },
      () => undefined,
    );
    const bareRates: number[] = [];
    const resilientRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first evens out what the database carries over between runs.
      if (round % 2 === 0) {
        bareRates.push(await bare());
        resilientRates.push(await resilient());
      } else {
        resilientRates.push(await resilient());
        bareRates.push(await bare());
      }
    }
    const bareRate = median(bareRates);
    const resilientRate = median(resilientRates);
    report(
      `bare amqplib consumer, manual ack, same effect (median of ${ROUNDS})`,
      bareRate,
      'msg/s',
    );
    report(
      'resilient consumer (inbox, order, classification, ack)',
      resilientRate,
      'msg/s',
      {
        to: 'bare',
        value: resilientRate / bareRate,
        target: '>= 0.7x',
        ok: resilientRate / bareRate >= 0.7,
      },
    );

    heading(`Publishing ${MESSAGES} events with publisher confirms`);
    const direct = queue('direct');
    await assertDurableQueue(channel, topology(direct));
    const directStart = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      channel.sendToQueue(
        direct,
        Buffer.from(
          JSON.stringify({ pattern: 'BENCH', data: { key: 'k', n: i } }),
        ),
        {
          persistent: true,
          messageId: randomUUID(),
        },
      );
    }
    await channel.waitForConfirms();
    const directRate = (MESSAGES * 1000) / (performance.now() - directStart);
    report('direct publishing, pipelined confirms', directRate, 'msg/s');

    outboxApp = await startMessagingApp({
      env: env(queue('outbox'), false),
      consume: false,
    });
    const outbox = outboxApp.get(OutboxPublisher);
    await addEvents(outboxApp, outbox, 100);
    const drainStart = performance.now();
    await outboxApp.get(OutboxRelay).drain();
    const drainRate = (MESSAGES * 1000) / (performance.now() - drainStart);
    report(
      'outbox relay: claim, publish with confirms, mark',
      drainRate,
      'msg/s',
      { to: 'direct', value: drainRate / directRate },
    );
    await outboxApp.close();

    outboxApp = await startMessagingApp({
      env: env(queue('outbox-e2e')),
      consume: false,
    });
    const endToEndStart = performance.now();
    await addEvents(outboxApp, outboxApp.get(OutboxPublisher), 1, 8);
    const health = outboxApp.get(MessagingHealthIndicator);
    while ((await health.isHealthy()).messaging.outbox.pending > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const endToEndRate =
      (MESSAGES * 1000) / (performance.now() - endToEndStart);
    report(
      'outbox end to end: 1 event per transaction, 8 producers',
      endToEndRate,
      'msg/s',
      {
        to: 'direct',
        value: endToEndRate / directRate,
      },
    );
  } finally {
    await outboxApp?.close();
    await amqp.close();
    for (const q of queues) await deleteDurableQueue(q).catch(() => undefined);
    await database.drop();
  }
});

/** Adds the run's events through the outbox, `perTransaction` at a time, from `producers` at once. */
async function addEvents(
  app: MessagingTestApp,
  outbox: OutboxPublisher,
  perTransaction: number,
  producers = 1,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (next < MESSAGES) {
        const from = next;
        next += perTransaction;
        await app.dataSource.transaction(async (manager) => {
          for (
            let i = from;
            i < Math.min(from + perTransaction, MESSAGES);
            i++
          ) {
            await outbox.add(manager, {
              type: 'BENCH',
              groupKey: `g-${i % GROUPS}`,
              payload: { key: 'k', n: i },
            });
          }
        });
      }
    }),
  );
}

export type { MessagingTestDatabase };
