// What the messaging benchmarks share: the event, the effect every consumer applies, the
// resilient consumer, the broker topology and the rate measured from the effect table.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { AckPolicy, DeliverPolicy, nanos, type NatsConnection } from 'nats';
import {
  InboxService,
  MESSAGE_HEADERS,
  ResilientConsumer,
} from '@nest-resilience/messaging';
import { Retry } from '@nest-resilience/resilience';
import type { MessagingTestDatabase } from '../../test/messaging/support/messaging-test.database.js';

/** Messages consumed per run, their ordering groups and the prefetch of every consumer. */
export const MESSAGES = 5_000;
export const GROUPS = 500;
export const PREFETCH = 32;
/** The table both consumers write one row per message to. */
export const EFFECT_TABLE = 'bench_effect';

/** The event every consumer receives. */
export class BenchEventDto {
  @IsString()
  key: string;

  @IsInt()
  n: number;
}

/** The effect both consumers apply: one row per message. */
export function applyEffect(
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

/** The resilient consumer: inbox (once per message id), order per group, classification, ack. */
@ResilientConsumer()
export class BenchConsumer {
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

/** The run's messages as the outbox would publish them: Nest packets with id, group and sequence. */
export function benchMessages(): {
  messageId: string;
  body: string;
  headers: Record<string, string>;
}[] {
  return Array.from({ length: MESSAGES }, (_, i) => {
    const messageId = randomUUID();
    const groupKey = `g-${i % GROUPS}`;
    return {
      messageId,
      body: JSON.stringify({ pattern: 'BENCH', data: { key: groupKey, n: i } }),
      headers: {
        [MESSAGE_HEADERS.messageId]: messageId,
        [MESSAGE_HEADERS.groupKey]: groupKey,
        [MESSAGE_HEADERS.sequence]: String(Math.floor(i / GROUPS) + 1),
      },
    };
  });
}

/**
 * Declares a JetStream stream and durable pull consumer as the library's transport does
 * (explicit acks, `max_ack_pending` as the prefetch, 30 s `ack_wait`, 20 deliveries), so the
 * bare and the resilient consumer read the same kind of stream.
 */
export async function declareJetStream(
  nc: NatsConnection,
  stream: string,
  subject: string,
  durable: string,
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: stream, subjects: [subject, `${subject}.>`] });
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_ack_pending: PREFETCH,
    ack_wait: nanos(30_000),
    max_deliver: 20,
  });
}

/** Empties the effect table between runs, so that no run counts rows on a longer table. */
export async function resetEffect(
  database: MessagingTestDatabase,
): Promise<void> {
  await database.query(`TRUNCATE ${EFFECT_TABLE}`);
}

/**
 * Messages per second between 10 % and 90 % of the run applied (start-up and the tail
 * excluded), read from the effect table. @throws when consumption stalls for 120 s
 */
export async function steadyRate(
  database: MessagingTestDatabase,
): Promise<number> {
  const count = async () =>
    Number(
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
    const n = await count();
    marks.push([performance.now(), n]);
    if (n >= MESSAGES) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const at = (share: number) => marks.find(([, n]) => n >= MESSAGES * share)!;
  const [t10, n10] = at(0.1);
  const [t90, n90] = at(0.9);
  return ((n90 - n10) * 1000) / (t90 - t10);
}
