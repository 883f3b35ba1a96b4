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
  deleteStream,
  NATS_URL,
  publishToStream,
  unacknowledged,
} from './support/nats.broker.js';

describe('JetStream burst: 10,000 messages, 3 % poison, default redelivery settings', () => {
  const id = randomUUID().slice(0, 8);
  const stream = `MSG_BURST_${id}`;
  const subject = `msg-burst.${id}`;
  const durable = `burst-${id}`;
  let database: MessagingTestDatabase;
  // The application reaches PostgreSQL (its inbox, its dead letters, the handler's writes)
  // only through this proxy; the spec's own checks go straight to it.
  let postgres: FaultProxy;
  let t: MessagingTestApp;
  let broker: BurstBroker;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_burst_nats');
    await database.query(CREATE_APPLIED_LOG);
    postgres = await FaultProxy.start(POSTGRES_URL);
    t = await startMessagingApp({
      env: {
        ...database.env,
        DATABASE_URL: postgres.url(POSTGRES_URL),
        NATS_URL,
        MESSAGING_QUEUE: subject,
        MESSAGING_NATS_STREAM: stream,
        MESSAGING_NATS_DURABLE: durable,
        MESSAGING_REDIS_EVENTS: 'false',
      },
      controllers: [BurstConsumer],
      // Poison is expected by the hundred, and the outage logs by the thousand.
      logLevels: ['fatal'],
    });
    broker = {
      source: stream,
      publish: (plan) => publishToStream(subject, plan),
      backlog: () => unacknowledged(stream, durable),
    };
  });

  afterAll(async () => {
    await t?.close();
    await postgres?.close();
    await deleteStream(stream).catch(() => undefined);
    await database?.drop();
  });

  defineBurstCases('JetStream burst', () => ({
    t,
    database,
    broker,
    postgres,
  }));
});
