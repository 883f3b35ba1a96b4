import { randomUUID } from 'node:crypto';
import {
  CircuitBreakerRegistry,
  CircuitState,
} from '@nest-resilience/resilience';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { OutboxPublisher } from '@nest-resilience/messaging';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
} from './support/applied-log.js';
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
import {
  publishToJetStream,
  publishToRabbitMq,
} from './support/direct.publisher.js';
import { PrivateBroker } from './support/private.broker.js';
import { deleteDurableQueue, RABBITMQ_URL } from './support/rabbitmq.broker.js';

/**
 * The broker services' breakers made slow to reset (30 s, the configuration's default) and
 * their backoff slow to retry: the relay must notice the broker's return by itself, not when a
 * timer happens to run out.
 */
vi.mock('./support/messaging-test.settings.js', async (importOriginal) => {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const original =
    await importOriginal<
      typeof import('./support/messaging-test.settings.js')
    >();
  return {
    writeMessagingTestSettings: (): string => {
      const file = original.writeMessagingTestSettings();
      const settings = JSON.parse(readFileSync(file, 'utf8')) as {
        services: Record<
          string,
          {
            circuitBreaker: Record<string, unknown>;
            retry: Record<string, unknown>;
          }
        >;
      };
      for (const name of ['rabbitmq', 'nats']) {
        const service = settings.services[name];
        // The relay sets no per-batch timeout, so the configuration may not either.
        delete service.circuitBreaker.timeoutMs;
        service.circuitBreaker.resetTimeoutMs = 30_000;
        service.retry.baseDelayMs = 1_000;
        service.retry.maxDelayMs = 30_000;
      }
      writeFileSync(file, JSON.stringify(settings));
      return file;
    },
  };
});

/** The outbox table (the library's migration creates it). */
const OUTBOX_TABLE = 'messaging_outbox';
/** What the requirement allows, from the broker accepting connections to the message consumed. */
const BACK_WITHIN_MS = 5_000;
/** Slack for the probes' polling and a loaded machine; a slow reconnect (16 s) still fails. */
const SLACK_MS = 1_000;

/** A broker the spec stops and starts again. */
interface RestartableBroker {
  url: string;
  stop(): Promise<void>;
  /** @returns when the broker accepted connections again (epoch ms) */
  start(): Promise<number>;
  remove(): Promise<void>;
}

/** A private broker instance, really restarted. */
async function privateBroker(
  create: () => Promise<PrivateBroker>,
): Promise<RestartableBroker> {
  const broker = await create();
  await broker.start();
  return {
    url: broker.url,
    stop: () => broker.stop(),
    start: () => broker.start(),
    remove: () => broker.remove(),
  };
}

/**
 * The shared RabbitMQ behind a FaultProxy: every connection cut and new ones refused, then
 * accepted again, as the rest of the suite simulates an outage. @param queue removed at the end
 */
async function proxiedRabbitMq(queue: string): Promise<RestartableBroker> {
  const proxy = await FaultProxy.start(RABBITMQ_URL);
  return {
    url: proxy.url(RABBITMQ_URL),
    stop: () => Promise.resolve(proxy.down()),
    start: async () => {
      proxy.pass();
      await proxy.whenAccepting();
      return Date.now();
    },
    remove: async () => {
      await proxy.close();
      await deleteDurableQueue(queue).catch(() => undefined);
    },
  };
}

/**
 * A broker restart, for real where it is affordable: NATS and RabbitMQ run as private instances
 * on their own ports (the shared ones are never touched), stopped with SIGTERM and started
 * again on the same ports and data. NATS starts in well under a second, RabbitMQ in about 10 to
 * 15 s; a real restart also recovers RabbitMQ's quorum queue, which a cut connection never
 * shows. RabbitMQ is also cut off through a FaultProxy in front of the shared broker, the way
 * the other outage specs do it. The clock starts when the broker (or the proxy) first accepts
 * a TCP connection again.
 */
describe('consumers and the outbox relay after a broker restart', () => {
  let database: MessagingTestDatabase;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_restart');
    await database.query(CREATE_APPLIED_LOG);
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe.each([
    {
      name: 'RabbitMQ, restarted',
      transport: 'rabbitmq',
      open: () => privateBroker(() => PrivateBroker.rabbitmq()),
      env: (url: string, id: string) => ({
        RABBITMQ_URL: url,
        MESSAGING_QUEUE: `messaging.e2e.restart.${id}`,
      }),
      publishDirect: publishToRabbitMq,
    },
    {
      name: 'RabbitMQ, cut off by a FaultProxy',
      transport: 'rabbitmq',
      open: (id: string) => proxiedRabbitMq(`messaging.e2e.restart.${id}`),
      env: (url: string, id: string) => ({
        RABBITMQ_URL: url,
        MESSAGING_QUEUE: `messaging.e2e.restart.${id}`,
      }),
      publishDirect: publishToRabbitMq,
    },
    {
      name: 'NATS JetStream, restarted',
      transport: 'nats',
      open: () => privateBroker(() => PrivateBroker.nats()),
      env: (url: string, id: string) => ({
        NATS_URL: url,
        MESSAGING_QUEUE: `msg-e2e-restart.${id}`,
        MESSAGING_NATS_STREAM: `MSG_RESTART_${id}`,
        MESSAGING_NATS_DURABLE: `restart-${id}`,
      }),
      publishDirect: publishToJetStream,
    },
  ])('$name', ({ name, transport, open, env, publishDirect }) => {
    const id = randomUUID().slice(0, 8);
    let broker: RestartableBroker;
    let t: MessagingTestApp;
    let destination: string;

    beforeAll(async () => {
      broker = await open(id);
      const brokerEnv = env(broker.url, id);
      destination = brokerEnv.MESSAGING_QUEUE;
      t = await startMessagingApp({
        env: {
          ...database.env,
          ...brokerEnv,
          MESSAGING_REDIS_EVENTS: 'false',
        },
        controllers: [FlakyConsumer],
        providers: [FaultSwitch],
      });
    }, 90_000);

    afterAll(async () => {
      await t?.close();
      await broker?.remove();
    }, 60_000);

    it('consumes again, and publishes what waited in the outbox, within 5 s of the broker accepting connections', async () => {
      const warmUp = await addToOutbox(`warm-up-${id}`);
      await appliedAt(warmUp, 30_000);

      await broker.stop();
      const waiting = await addToOutbox(`during-outage-${id}`);
      // The relay tried, failed and opened its circuit, whose reset timeout is 30 s.
      await eventually(
        async () => t.get(CircuitBreakerRegistry).get(transport)?.currentState,
        (state) => state === CircuitState.OPEN,
        { what: `the ${transport} breaker to open`, timeoutMs: 30_000 },
      );

      const backAt = await broker.start();
      const direct = await publishDirect(broker.url, destination);
      // Waited for well past the bound, so that a slow recovery is measured, not only failed.
      const [consumedAt, relayedAt] = await Promise.all([
        appliedAt(direct, 60_000),
        appliedAt(waiting, 60_000),
      ]);
      const publishedAt = await publishedAtOf(waiting);
      const consumedMs = consumedAt - backAt;
      const relayedMs = relayedAt - backAt;
      process.stdout.write(
        `[broker-restart] ${name}: consuming again ${consumedMs} ms after the broker ` +
          `accepted connections; outbox event published after ${publishedAt - backAt} ms, ` +
          `consumed after ${relayedMs} ms\n`,
      );
      expect(consumedMs).toBeLessThanOrEqual(BACK_WITHIN_MS + SLACK_MS);
      expect(relayedMs).toBeLessThanOrEqual(BACK_WITHIN_MS + SLACK_MS);
      expect(
        t.get(CircuitBreakerRegistry).get(transport)?.currentState,
      ).not.toBe(CircuitState.OPEN);
    }, 120_000);

    /** Commits an event to the outbox, first of its group. @returns its message id */
    function addToOutbox(key: string): Promise<string> {
      const outbox = t.get(OutboxPublisher);
      return t.dataSource.transaction((manager) =>
        outbox.add(manager, {
          type: 'FLAKY',
          groupKey: key,
          payload: { key },
        }),
      );
    }

    /** When the outbox row of `messageId` was seen published (epoch ms). */
    async function publishedAtOf(messageId: string): Promise<number> {
      await eventually(
        () =>
          database.query<{ published_at: string | null }>(
            `SELECT published_at FROM ${OUTBOX_TABLE} WHERE message_id = $1`,
            [messageId],
          ),
        ([row]) => row?.published_at != null,
        { what: `${messageId} published` },
      );
      const [row] = await database.query<{ published_at: string }>(
        `SELECT published_at FROM ${OUTBOX_TABLE} WHERE message_id = $1`,
        [messageId],
      );
      return Number(row.published_at);
    }
  });

  /** When the consumer's effect of `messageId` was first seen (epoch ms). */
  async function appliedAt(messageId: string, timeoutMs = 20_000) {
    await eventually(
      () =>
        database.query(
          `SELECT 1 FROM ${APPLIED_LOG_TABLE} WHERE message_id = $1`,
          [messageId],
        ),
      (rows) => rows.length > 0,
      { what: `${messageId} consumed`, timeoutMs, intervalMs: 25 },
    );
    return Date.now();
  }
});
