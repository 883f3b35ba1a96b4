import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ChannelModel, Channel } from 'amqplib';
import type { MockInstance } from 'vitest';
import {
  DeadLetterService,
  type DeadLetter,
} from '@nest-resilience/dead-letters';
import { MESSAGE_HEADERS, OutboxPublisher } from '@nest-resilience/messaging';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
  type AppliedRow,
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
  connectRabbitMq,
  deleteDurableQueue,
  RABBITMQ_URL,
} from './support/rabbitmq.broker.js';

describe('a dead-lettered message published again (RabbitMQ)', () => {
  const queue = `messaging.e2e.republish.${randomUUID().slice(0, 8)}`;
  let database: MessagingTestDatabase;
  let t: MessagingTestApp;
  let amqp: ChannelModel;
  let channel: Channel;
  let warn: MockInstance<Logger['warn']>;
  let log: MockInstance<Logger['log']>;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_republish');
    t = await startMessagingApp({
      env: {
        ...database.env,
        RABBITMQ_URL,
        MESSAGING_QUEUE: queue,
        MESSAGING_REDIS_EVENTS: 'false',
      },
      controllers: [FlakyConsumer],
      providers: [FaultSwitch],
    });
    await database.query(CREATE_APPLIED_LOG);
    amqp = await connectRabbitMq();
    channel = await amqp.createChannel();
    warn = vi.spyOn(Logger.prototype, 'warn');
    log = vi.spyOn(Logger.prototype, 'log');
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await amqp?.close();
    await t?.close();
    await deleteDurableQueue(queue);
    await database?.drop();
  });

  async function appliedCopies(messageId: string): Promise<AppliedRow[]> {
    return database.query<AppliedRow>(
      `SELECT * FROM ${APPLIED_LOG_TABLE} WHERE message_id = $1 ORDER BY id`,
      [messageId],
    );
  }

  async function entryOf(messageId: string): Promise<DeadLetter | undefined> {
    return t.get(DeadLetterService).findByMessageId(queue, messageId);
  }

  /** Waits for `messageId` in the dead letter queue, its inbox record settled. */
  async function deadLettered(messageId: string): Promise<DeadLetter> {
    const entry = await eventually(
      () => entryOf(messageId),
      (e) => e !== undefined,
      { what: `${messageId} dead-lettered` },
    );
    // The consumer acknowledges once its inbox says DEAD_LETTERED.
    await eventually(
      async () => (await channel.checkQueue(queue)).messageCount,
      (count) => count === 0,
      { what: 'the queue to drain' },
    );
    return entry!;
  }

  /** A producer sending the message again, as it first was: same id, group, no replay header. */
  function republish(entry: DeadLetter): void {
    const headers: Record<string, string> = {};
    for (const name of [MESSAGE_HEADERS.groupKey, MESSAGE_HEADERS.sequence]) {
      if (entry.headers[name] !== undefined)
        headers[name] = entry.headers[name];
    }
    channel.sendToQueue(
      queue,
      Buffer.from(
        JSON.stringify({ pattern: entry.pattern, data: entry.payload }),
      ),
      { persistent: true, messageId: entry.messageId, headers },
    );
  }

  function logged(spy: MockInstance, ...parts: string[]): boolean {
    return spy.mock.calls.some(([message]) =>
      parts.every((part) => String(message).includes(part)),
    );
  }

  async function recordedCopies(
    messageId: string,
    count: number,
  ): Promise<void> {
    await eventually(
      () => entryOf(messageId),
      (e) => e?.headers['x-republished-count'] === String(count),
      { what: `${count} copies of ${messageId} recorded against its entry` },
    );
  }

  async function scenario(key: string, messageId: string): Promise<void> {
    const entry = await deadLettered(messageId);
    expect(entry.status).toBe('PENDING');
    t.get(FaultSwitch).failing.delete(key);

    // Entry still PENDING: the copy is not applied, but recorded against it, and logged.
    republish(entry);
    await recordedCopies(messageId, 1);
    expect(await appliedCopies(messageId)).toHaveLength(0);
    const recorded = (await entryOf(messageId))!;
    expect(recorded).toMatchObject({ id: entry.id, status: 'PENDING' });
    expect(recorded.headers['x-republished-at']).toEqual(expect.any(String));
    expect(
      logged(
        warn,
        messageId,
        entry.id,
        'not applied, recorded against the entry',
      ),
    ).toBe(true);

    // An operator resolves it: the next copy is applied, once.
    await t
      .get(DeadLetterService)
      .resolve(entry.id, 'fixed upstream', 'operator');
    republish(entry);
    const rows = await eventually(
      () => appliedCopies(messageId),
      (r) => r.length > 0,
      { what: `the copy of ${messageId} applied after the resolution` },
    );
    expect(rows).toHaveLength(1);
    expect(logged(log, messageId, 'was RESOLVED: processing the copy')).toBe(
      true,
    );

    // Applied now: one more copy is a plain duplicate.
    republish(entry);
    await eventually(
      async () => (await channel.checkQueue(queue)).messageCount,
      (count) => count === 0,
      { what: 'the last copy settled' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await appliedCopies(messageId)).toHaveLength(1);
    expect((await entryOf(messageId))?.headers['x-republished-count']).toBe(
      '1',
    );
  }

  it('records a grouped copy against its open entry, and applies one once the entry is resolved', async () => {
    t.get(FaultSwitch).failing.add('grouped');
    const messageId = await t.dataSource.transaction((manager) =>
      t.get(OutboxPublisher).add(manager, {
        type: 'FLAKY',
        groupKey: `republish-${randomUUID()}`,
        payload: { key: 'grouped' },
      }),
    );
    await scenario('grouped', messageId);
  });

  it('records a copy without a group against its open entry, and applies one once the entry is resolved', async () => {
    t.get(FaultSwitch).failing.add('ungrouped');
    const messageId = randomUUID();
    channel.sendToQueue(
      queue,
      Buffer.from(
        JSON.stringify({ pattern: 'FLAKY', data: { key: 'ungrouped' } }),
      ),
      { persistent: true, messageId },
    );
    await scenario('ungrouped', messageId);
  });
});
