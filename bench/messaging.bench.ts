import { randomUUID } from 'node:crypto';
import { RequestContext } from '@nest-resilience/problem-details';
import { assertDurableQueue } from '@nest-resilience/messaging';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from '../test/messaging/support/messaging-test.database.js';
import { startMessagingApp } from '../test/messaging/support/messaging-test.app.js';
import {
  connectRabbitMq,
  deleteDurableQueue,
  publishToQueue,
  RABBITMQ_URL,
} from '../test/messaging/support/rabbitmq.broker.js';
import {
  connectNats,
  deleteStream,
  NATS_URL,
  publishToStream,
} from '../test/messaging/support/nats.broker.js';
import { compare, header } from './support/abba.js';
import {
  applyEffect,
  BenchConsumer,
  benchMessages,
  declareJetStream,
  EFFECT_TABLE,
  GROUPS,
  MESSAGES,
  PREFETCH,
  resetEffect,
  steadyRate,
  type BenchEventDto,
} from './support/messaging-bench.fixture.js';

const ROUNDS = 5;

it('measures the resilient consumers against bare amqplib and bare JetStream consumers', async () => {
  header(
    'Consumers: the resilient consumer against a bare consumer of the same broker',
    [
      `each run: a fresh queue (quorum, single active consumer) or stream (durable pull consumer, ` +
        `explicit acks) preloaded with ${MESSAGES} messages in ${GROUPS} groups, prefetch / max_ack_pending ` +
        `${PREFETCH}, one row written to PostgreSQL per message in a transaction, ack after commit`,
      'bare amqplib as its documentation shows it: channel.prefetch(n), channel.consume(queue, handler), ' +
        'channel.ack(message) after the effect; bare JetStream as the nats.js documentation shows it: ' +
        'consumers.get(stream, durable), consume({ max_messages }), message.ack() after the effect',
      'resilient: @ResilientConsumer with inbox (once per message id), order per group, ' +
        'classification, @Retry; both sides in the same process, with the request context on',
      `rate = messages/s between 10 % and 90 % applied; ${ROUNDS} ABBA rounds after one discarded round`,
    ],
  );
  const database = await createMessagingTestDatabase('bench_msg');
  await database.query(
    `CREATE TABLE ${EFFECT_TABLE} (id bigserial PRIMARY KEY, key varchar(64) NOT NULL, n integer NOT NULL)`,
  );
  // The application runs every request in the library's request context (AsyncLocalStorage),
  // whose hooks then cost every promise of the process: both consumers run with them on.
  RequestContext.run(
    { requestId: 'bench', startedAt: Date.now(), transport: 'rpc' },
    () => undefined,
  );
  try {
    await compare({
      name: `RabbitMQ consumer, prefetch ${PREFETCH}`,
      unit: 'msg/s',
      baseline: {
        label: 'bare amqplib consumer, manual ack',
        measure: () => rabbitMq(database, 'bare'),
      },
      subject: {
        label: 'resilient consumer',
        measure: () => rabbitMq(database, 'resilient'),
      },
      rounds: ROUNDS,
      target: { ratio: { atLeast: 0.7 } },
    });
    await compare({
      name: `JetStream consumer, max_ack_pending ${PREFETCH}`,
      unit: 'msg/s',
      baseline: {
        label: 'bare JetStream pull consumer, explicit ack',
        measure: () => jetStream(database, 'bare'),
      },
      subject: {
        label: 'resilient consumer',
        measure: () => jetStream(database, 'resilient'),
      },
      rounds: ROUNDS,
      target: { ratio: { atLeast: 0.7 } },
    });
  } finally {
    await database.drop();
  }
}, 900_000);

type Side = 'bare' | 'resilient';

const appEnv = (database: MessagingTestDatabase) => ({
  ...database.env,
  MESSAGING_PREFETCH: String(PREFETCH),
  MESSAGING_REDIS_EVENTS: 'false',
});

/** One run on RabbitMQ. @returns messages per second */
async function rabbitMq(
  database: MessagingTestDatabase,
  side: Side,
): Promise<number> {
  await resetEffect(database);
  const queue = `messaging.bench.${side}.${randomUUID().slice(0, 8)}`;
  const amqp = await connectRabbitMq();
  try {
    const channel = await amqp.createChannel();
    await assertDurableQueue(channel, {
      queue,
      deliveryLimit: 20,
      singleActiveConsumer: true,
    });
    await channel.close();
    await publishToQueue(queue, benchMessages());
    const env = { ...appEnv(database), RABBITMQ_URL, MESSAGING_QUEUE: queue };
    if (side === 'resilient') {
      const app = await startMessagingApp({
        env,
        controllers: [BenchConsumer],
      });
      try {
        return await steadyRate(database);
      } finally {
        await app.close();
      }
    }
    const app = await startMessagingApp({ env, consume: false });
    const consumer = await amqp.createChannel();
    try {
      await consumer.prefetch(PREFETCH);
      await consumer.consume(queue, (message) => {
        if (!message) return;
        const { data } = JSON.parse(message.content.toString()) as {
          data: BenchEventDto;
        };
        void app.dataSource
          .transaction((manager) => applyEffect(manager, data.key, data.n))
          .then(() => consumer.ack(message));
      });
      return await steadyRate(database);
    } finally {
      await consumer.close();
      await app.close();
    }
  } finally {
    await amqp.close();
    await deleteDurableQueue(queue).catch(() => undefined);
  }
}

/** One run on JetStream. @returns messages per second */
async function jetStream(
  database: MessagingTestDatabase,
  side: Side,
): Promise<number> {
  await resetEffect(database);
  const id = randomUUID().slice(0, 8);
  const stream = `MSG_BENCH_${id}`;
  const subject = `msg-bench.${id}`;
  const durable = `bench-${id}`;
  const nc = await connectNats();
  try {
    await declareJetStream(nc, stream, subject, durable);
    await publishToStream(subject, benchMessages());
    const env = {
      ...appEnv(database),
      RABBITMQ_URL: undefined,
      NATS_URL,
      MESSAGING_QUEUE: subject,
      MESSAGING_NATS_STREAM: stream,
      MESSAGING_NATS_DURABLE: durable,
    };
    if (side === 'resilient') {
      const app = await startMessagingApp({
        env,
        controllers: [BenchConsumer],
      });
      try {
        return await steadyRate(database);
      } finally {
        await app.close();
      }
    }
    const app = await startMessagingApp({ env, consume: false });
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: PREFETCH });
    try {
      const consuming = (async () => {
        for await (const message of messages) {
          const { data } = message.json<{ data: BenchEventDto }>();
          void app.dataSource
            .transaction((manager) => applyEffect(manager, data.key, data.n))
            .then(() => message.ack());
        }
      })();
      const rate = await steadyRate(database);
      await messages.close();
      await consuming;
      return rate;
    } finally {
      await app.close();
    }
  } finally {
    await nc.close();
    await deleteStream(stream);
  }
}
