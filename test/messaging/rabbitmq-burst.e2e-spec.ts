import { randomUUID } from 'node:crypto';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { CREATE_APPLIED_LOG } from './support/applied-log.js';
import { BurstConsumer } from './support/burst.consumer.js';
import { defineBurstCases } from './support/burst.cases.js';
import type { BurstBroker } from './support/burst.run.js';
import {
  createMessagingTestDatabase,
  POSTGRES_URL,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import {
  deleteDurableQueue,
  publishToQueue,
  RABBITMQ_URL,
  readyMessages,
} from './support/rabbitmq.broker.js';

describe('RabbitMQ burst: 10,000 messages, 3 % poison, default redelivery settings', () => {
  const queue = `messaging.e2e.burst.${randomUUID().slice(0, 8)}`;
  let database: MessagingTestDatabase;
  // The application reaches PostgreSQL (its inbox, its dead letters, the handler's writes)
  // only through this proxy; the spec's own checks go straight to it.
  let postgres: FaultProxy;
  let t: MessagingTestApp;
  let broker: BurstBroker;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_burst_rmq');
    await database.query(CREATE_APPLIED_LOG);
    postgres = await FaultProxy.start(POSTGRES_URL);
    t = await startMessagingApp({
      env: {
        ...database.env,
        DATABASE_URL: postgres.url(POSTGRES_URL),
        RABBITMQ_URL,
        MESSAGING_QUEUE: queue,
        MESSAGING_REDIS_EVENTS: 'false',
      },
      controllers: [BurstConsumer],
      // Poison is expected by the hundred, and the outage logs by the thousand.
      logLevels: ['fatal'],
    });
    broker = {
      source: queue,
      publish: (plan) => publishToQueue(queue, plan),
      backlog: () => readyMessages(queue),
    };
  });

  afterAll(async () => {
    await t?.close();
    await postgres?.close();
    await deleteDurableQueue(queue).catch(() => undefined);
    await database?.drop();
  });

  defineBurstCases('RabbitMQ burst', () => ({ t, database, broker, postgres }));
});
