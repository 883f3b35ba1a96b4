import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { CREATE_APPLIED_LOG } from './support/applied-log.js';
import { BurstConsumer } from './support/burst.consumer.js';
import { planBurst } from './support/burst.plan.js';
import {
  describeBurst,
  runBurst,
  type BurstBroker,
  type BurstReport,
} from './support/burst.run.js';
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

/** Messages per burst: the full 10,000 settle in well under a minute on two cores. */
const TOTAL = 10_000;
const POISON_PERCENT = 3;
const OUTAGE_MS = 3_000;

/** What every burst must come to, outage or not. */
function expectExact(report: BurstReport, total: number): void {
  const poison = (total * POISON_PERCENT) / 100;
  expect(report.appliedOnce).toBe(total - poison);
  expect(report.appliedTwice).toBe(0);
  expect(report.notApplied).toBe(0);
  expect(report.poisonApplied).toBe(0);
  expect(report.poisonDeadLettered).toBe(poison);
  expect(report.poisonWithValidationCode).toBe(poison);
  expect(report.poisonMissing).toBe(0);
  expect(report.otherDeadLetters).toEqual([]);
  expect(report.deadLettered).toBe(poison);
  expect(report.reordered).toBe(0);
  expect(report.backlog).toBe(0);
  expect(report.inFlight).toBe(0);
}

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

  it('applies every valid message once and dead-letters exactly the poison, as VALIDATION_FAILED', async () => {
    const plan = planBurst(TOTAL, POISON_PERCENT);
    const report = await runBurst(t, database, broker, plan, {
      timeoutMs: 150_000,
    });
    process.stdout.write(describeBurst('JetStream burst', TOTAL, report));
    expectExact(report, TOTAL);
  }, 180_000);

  it('dead-letters nothing for a PostgreSQL outage in the middle of the burst, and applies all once after it', async () => {
    const plan = planBurst(TOTAL, POISON_PERCENT);
    let outage: { before: number; during: number } | undefined;
    const report = await runBurst(t, database, broker, plan, {
      timeoutMs: 150_000,
      onProgress: async (settled, count) => {
        if (outage || settled < TOTAL * 0.4) return;
        postgres.down();
        await sleep(OUTAGE_MS);
        outage = { before: settled, during: (await count()) - settled };
        postgres.pass();
      },
    });
    process.stdout.write(
      describeBurst('JetStream burst, PostgreSQL down 3 s', TOTAL, report),
    );
    // The outage came in the middle, and the consumer really lost its database: at most what
    // was committing at the cut settled while it lasted.
    expect(outage?.before).toBeLessThan(TOTAL * 0.6);
    expect(outage?.during).toBeLessThanOrEqual(64);
    expectExact(report, TOTAL);
  }, 180_000);
});
