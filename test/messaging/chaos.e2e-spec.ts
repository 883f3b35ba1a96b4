import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ConfirmChannel } from 'amqplib';
import { OutboxPublisher } from '@nest-resilience/messaging';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
} from './support/applied-log.js';
import {
  planChaos,
  POISON_KINDS,
  seededRandom,
  type ChaosMessage,
} from './support/chaos.plan.js';
import { startAppProcess, type AppProcess } from '../support/child.process.js';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';
import {
  connectRabbitMq,
  deleteDurableQueue,
  RABBITMQ_URL,
} from './support/rabbitmq.broker.js';

const ENTRY = fileURLToPath(
  new URL('./support/chaos-consumer.main.ts', import.meta.url),
);
const TOTAL = 10_000;
const SEED = Number(process.env.CHAOS_SEED ?? 20_251_125);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('chaos: 10,000 messages through the outbox and the resilient consumer, under faults', () => {
  const queue = `messaging.e2e.chaos.${randomUUID().slice(0, 8)}`;
  let database: MessagingTestDatabase;
  let publisher: MessagingTestApp;
  let consumer: AppProcess<unknown> | undefined;
  let env: Record<string, string>;
  // Publisher and consumer reach RabbitMQ only through it: the restart is a cut there, and
  // the broker itself, shared with other clients, never stops.
  let broker: FaultProxy;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_chaos');
    broker = await FaultProxy.start(RABBITMQ_URL);
    env = {
      ...database.env,
      RABBITMQ_URL: broker.url(RABBITMQ_URL),
      MESSAGING_QUEUE: queue,
      MESSAGING_PREFETCH: '64',
      MESSAGING_REDIS_EVENTS: 'false',
    };
    // The spec's process only publishes (and relays the outbox); the consumer is a child.
    publisher = await startMessagingApp({ env, consume: false });
    await database.query(CREATE_APPLIED_LOG);
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher?.close();
    await broker?.close();
    await deleteDurableQueue(queue).catch(() => undefined);
    await database?.drop();
  });

  it('loses, duplicates and reorders nothing while the consumer is killed and the broker restarted', async () => {
    const plan = planChaos(TOTAL, seededRandom(SEED));
    consumer = await startAppProcess(ENTRY, env);
    const started = Date.now();
    const published = await publishAll(plan);

    const faults: string[] = [];
    let killed = false;
    let restarted = false;
    const settledCount = async () => (await settled()).size;
    for (;;) {
      const count = await settledCount();
      if (!killed && count >= TOTAL * 0.25) {
        killed = true;
        await consumer.kill();
        faults.push(`consumer killed (SIGKILL) at ${count} settled`);
        consumer = await startAppProcess(ENTRY, env);
        faults.push(`consumer restarted at ${await settledCount()} settled`);
      } else if (killed && !restarted && count >= TOTAL * 0.55) {
        restarted = true;
        const stoppedAt = Date.now();
        // A broker restart, as its clients see it: every connection cut, new ones refused.
        broker.down();
        faults.push(`RabbitMQ down (connections cut) at ${count} settled`);
        await sleep(2_000);
        broker.pass();
        faults.push(
          `RabbitMQ back after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`,
        );
      } else if (count >= TOTAL) {
        break;
      }
      if (Date.now() - started > 150_000) break;
      await sleep(200);
    }
    // Late duplicates would show up now.
    await sleep(1_500);

    const report = await analyse(plan, published);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        '',
        `Chaos run: ${TOTAL} messages, seed ${SEED}, ${seconds} s`,
        ...faults.map((fault) => `  fault: ${fault}`),
        `  published          ${report.published} (${report.published - report.raw} through the outbox, ${report.raw} raw)`,
        `  applied            ${report.applied}`,
        `  dead-lettered      ${report.deadLettered} (poison ${report.poisonDeadLettered}, retries exhausted ${report.exhaustedDeadLettered}, other ${report.otherDeadLettered})`,
        ...report.otherReasons.map((reason) => `    other: ${reason}`),
        `  lost               ${report.lost}`,
        `  duplicated         ${report.duplicated} (applied twice ${report.appliedTwice}, dead-lettered twice ${report.deadLetteredTwice}, both ${report.both})`,
        `  reordered          ${report.reordered} (in ${report.groups} groups)`,
        `  poison applied     ${report.poisonApplied}`,
        `  unknown ids        ${report.unknown}`,
        `  transient faults   ${report.transient} messages, applied after retries ${report.retriedApplied}`,
        '',
      ].join('\n'),
    );

    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.reordered).toBe(0);
    expect(report.unknown).toBe(0);
    expect(report.poisonApplied).toBe(0);
    expect(report.applied + report.deadLettered).toBe(report.published);
    expect(report.poisonDeadLettered).toBe(
      plan.filter((m) => POISON_KINDS.has(m.kind)).length,
    );
    expect(report.retriedApplied).toBeGreaterThan(0);
    expect(killed && restarted).toBe(true);
  }, 180_000);

  /** Every message id settled so far: applied or dead-lettered. */
  async function settled(): Promise<Set<string>> {
    const rows = await database.query<{ message_id: string }>(
      `SELECT message_id FROM ${APPLIED_LOG_TABLE} UNION SELECT message_id FROM dead_letters WHERE source = $1`,
      [queue],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /** Publishes the plan: outbox events in transactions of 100, raw poison straight to the queue. */
  async function publishAll(
    plan: ChaosMessage[],
  ): Promise<Map<string, ChaosMessage>> {
    const published = new Map<string, ChaosMessage>();
    const outbox = publisher.get(OutboxPublisher);
    const amqp = await connectRabbitMq();
    const channel: ConfirmChannel = await amqp.createConfirmChannel();
    try {
      for (let i = 0; i < plan.length; i += 100) {
        const batch = plan.slice(i, i + 100);
        const ids = await publisher.dataSource.transaction(async (manager) => {
          const result: (string | undefined)[] = [];
          for (const message of batch) {
            result.push(
              message.raw ? undefined : await outbox.add(manager, message),
            );
          }
          return result;
        });
        for (const [j, message] of batch.entries()) {
          let id = ids[j];
          if (message.raw) {
            id = randomUUID();
            channel.sendToQueue(
              queue,
              Buffer.from(
                '{"pattern":"chaos.ORDER_CREATED","data":{"orderId":',
              ),
              {
                persistent: true,
                messageId: id,
              },
            );
          }
          published.set(id!, message);
        }
        await channel.waitForConfirms();
      }
    } finally {
      await amqp.close();
    }
    return published;
  }

  async function analyse(
    plan: ChaosMessage[],
    published: Map<string, ChaosMessage>,
  ) {
    const applied = await database.query<{
      message_id: string;
      group_key: string | null;
      sequence: number | null;
      attempt: number;
    }>(
      `SELECT message_id, group_key, sequence, attempt FROM ${APPLIED_LOG_TABLE} ORDER BY id`,
    );
    const deadLetters = await database.query<{
      message_id: string;
      error_code: string;
      error_message: string;
      retry_count: number;
    }>(
      `SELECT message_id, error_code, error_message, retry_count FROM dead_letters WHERE source = $1`,
      [queue],
    );
    const appliedIds = count(applied.map((row) => row.message_id));
    const deadIds = count(deadLetters.map((row) => row.message_id));
    const kinds = (ids: Iterable<string>) =>
      [...ids].map((id) => published.get(id)?.kind);
    let reordered = 0;
    const lastByGroup = new Map<string, number>();
    for (const row of applied) {
      if (row.group_key === null || row.sequence === null) continue;
      const last = lastByGroup.get(row.group_key) ?? 0;
      if (row.sequence <= last) reordered++;
      lastByGroup.set(row.group_key, Math.max(last, row.sequence));
    }
    const deadKinds = kinds(deadIds.keys());
    // Dead letters of messages meant to be applied: why (a crash or a redelivery spent attempts).
    const other = deadLetters
      .filter((row) => {
        const k = published.get(row.message_id)?.kind;
        return k !== undefined && !POISON_KINDS.has(k) && k !== 'exhausted';
      })
      .map(
        (row) =>
          `${published.get(row.message_id)?.kind}/${published.get(row.message_id)?.type}: ${row.error_code} after ${row.retry_count} attempts (${row.error_message})`,
      );
    return {
      published: published.size,
      raw: plan.filter((m) => m.raw).length,
      applied: appliedIds.size,
      deadLettered: deadIds.size,
      poisonDeadLettered: deadKinds.filter(
        (k) => k !== undefined && POISON_KINDS.has(k),
      ).length,
      exhaustedDeadLettered: deadKinds.filter((k) => k === 'exhausted').length,
      otherReasons: other,
      otherDeadLettered: deadKinds.filter(
        (k) => k !== undefined && !POISON_KINDS.has(k) && k !== 'exhausted',
      ).length,
      lost: [...published.keys()].filter(
        (id) => !appliedIds.has(id) && !deadIds.has(id),
      ).length,
      appliedTwice: [...appliedIds.values()].filter((n) => n > 1).length,
      deadLetteredTwice: [...deadIds.values()].filter((n) => n > 1).length,
      both: [...appliedIds.keys()].filter((id) => deadIds.has(id)).length,
      get duplicated() {
        return this.appliedTwice + this.deadLetteredTwice + this.both;
      },
      reordered,
      groups: lastByGroup.size,
      poisonApplied: kinds(appliedIds.keys()).filter(
        (k) => k !== undefined && POISON_KINDS.has(k),
      ).length,
      unknown: [...appliedIds.keys(), ...deadIds.keys()].filter(
        (id) => !published.has(id),
      ).length,
      transient: plan.filter(
        (m) => m.kind === 'flaky' || m.kind === 'exhausted',
      ).length,
      retriedApplied: applied.filter((row) => row.attempt > 1).length,
    };
  }
});

function count(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
