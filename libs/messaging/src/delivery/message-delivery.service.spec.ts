import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  createErrorClassifier,
  ErrorCategory,
  ErrorSeverity,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
  DeadLetterModule,
  DeadLetterService,
  DeadLetterStatus,
  DeadLetterStore,
  type DeadLetter,
} from '@nest-resilience/dead-letters';
import { GroupPositionCache } from '../inbox/group-position.cache.js';
import { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import { InboxStatus } from '../inbox/inbox-status.enum.js';
import { InboxStore } from '../inbox/inbox.store.js';
import { MESSAGING_MIGRATIONS } from '../messaging-typeorm.constants.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';

const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SOURCE = 'orders-queue';

/** A stored entry of `SOURCE`, created `minutesAgo` before now. */
function entry(messageId: string, minutesAgo: number): DeadLetter {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  return {
    id: randomUUID(),
    messageId,
    source: SOURCE,
    destination: `amqp:${SOURCE}`,
    payload: { messageId },
    headers: {},
    error: {
      type: 'Error',
      code: 'INTERNAL_ERROR',
      category: ErrorCategory.PERMANENT,
      severity: ErrorSeverity.MEDIUM,
      message: 'handler failed',
    },
    retryCount: 3,
    status: DeadLetterStatus.PENDING,
    receivedAt: at,
    firstFailedAt: at,
    lastFailedAt: at,
    createdAt: at,
    version: 1,
  };
}

function delivery(messageId: string): MessageDelivery {
  return new MessageDelivery({
    consumer: SOURCE,
    transport: 'test',
    source: SOURCE,
    destination: `amqp:${SOURCE}`,
    headers: {},
    payload: { messageId },
    redelivered: true,
    messageId,
  });
}

describe('MessageDeliveryService.resumeDeadLetter (PostgreSQL)', () => {
  const schema = `resume_dl_${process.pid}_${randomUUID().slice(0, 8)}`;
  let admin: DataSource;
  let context: INestApplicationContext;
  let dataSource: DataSource;
  let store: DeadLetterStore;
  let failures: InboxFailureStore;
  let deliveries: MessageDeliveryService;

  beforeAll(async () => {
    admin = new DataSource({ type: 'postgres', url: POSTGRES_URL });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          // The dead letter queue's alerts post through this service.
          settings: loadResilienceSettings({
            config: { services: { 'alert-webhook': {} } },
          }),
        }),
        ProblemDetailsModule.forRoot({}),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: POSTGRES_URL,
          schema,
          entities: [...DEAD_LETTER_ENTITIES],
          migrations: [...DEAD_LETTER_MIGRATIONS, ...MESSAGING_MIGRATIONS],
          migrationsRun: true,
          retryAttempts: 1,
        }),
        DeadLetterModule.forRoot({
          maintenanceIntervalMs: 0,
          sizeRefreshMs: 0,
        }),
      ],
    }).compile();
    context = await moduleRef.init();
    dataSource = context.get<DataSource>(getDataSourceToken());
    store = context.get(DeadLetterStore);
    const db = new MessagingTransactionRunner(dataSource);
    const inbox = new InboxStore(db);
    failures = new InboxFailureStore(db, inbox);
    deliveries = new MessageDeliveryService(
      inbox,
      failures,
      new GroupPositionCache(),
      context.get(DeadLetterService),
      createErrorClassifier(),
      MessageRedeliveryPolicy.create(),
    );
  });

  afterAll(async () => {
    await context?.close();
    if (admin?.isInitialized) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.destroy();
    }
  });

  beforeEach(() => dataSource.getRepository('dead_letters').clear());

  const entriesOf = (messageId: string) =>
    dataSource.getRepository('dead_letters').countBy({ messageId });

  it('finds the entry already written among more than 500 of its source and writes no second one', async () => {
    // The interrupted message is the oldest of 600 entries: past the newest 500 of its source.
    const written = entry('m-interrupted', 600);
    const newer = Array.from({ length: 599 }, (_, i) =>
      entry(`m-${i}`, 599 - i),
    );
    await store.insert([written, ...newer]);
    const newest500 = await store.list({ source: SOURCE }, 500);
    expect(newest500.map((e) => e.id)).not.toContain(written.id);

    const interrupted = delivery('m-interrupted');
    await failures.beginDeadLetter(interrupted);
    await deliveries.resumeDeadLetter(interrupted);

    expect(await entriesOf('m-interrupted')).toBe(1);
    expect(await failures.find(SOURCE, 'm-interrupted')).toMatchObject({
      status: InboxStatus.DEAD_LETTERED,
      deadLetterId: written.id,
    });
  });

  it('writes the entry once when the interruption came before it was stored', async () => {
    await store.insert(
      Array.from({ length: 501 }, (_, i) => entry(`m-${i}`, 501 - i)),
    );
    const interrupted = delivery('m-unwritten');
    await failures.beginDeadLetter(interrupted);

    await deliveries.resumeDeadLetter(interrupted);

    expect(await entriesOf('m-unwritten')).toBe(1);
    const stored = await store.findByMessageId(SOURCE, 'm-unwritten');
    expect(await failures.find(SOURCE, 'm-unwritten')).toMatchObject({
      status: InboxStatus.DEAD_LETTERED,
      deadLetterId: stored?.id,
    });
  });

  it('looks up by source and message id exactly, the newest entry first', async () => {
    const older = entry('m-twice', 10);
    const newer = entry('m-twice', 5);
    await store.insert([older, newer, entry('m-other', 1)]);

    expect((await store.findByMessageId(SOURCE, 'm-twice'))?.id).toBe(newer.id);
    expect(await store.findByMessageId('payments-queue', 'm-twice')).toBe(
      undefined,
    );
    expect(await store.findByMessageId(SOURCE, 'm-missing')).toBe(undefined);
  });
  it('records a dead-lettered message published again while its entry is open, and processes it once resolved', async () => {
    const original = delivery('m-copied');
    await failures.beginDeadLetter(original);
    await deliveries.resumeDeadLetter(original);
    const stored = (await store.findByMessageId(SOURCE, 'm-copied'))!;

    const copy = delivery('m-copied');
    expect(await deliveries.admit(copy)).toBe('dead-lettered');
    expect(await deliveries.admitDeadLettered(copy)).toBe('recorded');
    expect(await deliveries.admitDeadLettered(delivery('m-copied'))).toBe(
      'recorded',
    );
    expect((await store.findById(stored.id))?.headers).toMatchObject({
      'x-republished-count': '2',
    });
    expect((await failures.find(SOURCE, 'm-copied'))?.status).toBe(
      InboxStatus.DEAD_LETTERED,
    );

    await context
      .get(DeadLetterService)
      .resolve(stored.id, 'fixed upstream', 'operator');
    const later = delivery('m-copied');
    expect(await deliveries.admit(later)).toBe('dead-lettered');
    expect(await deliveries.admitDeadLettered(later)).toBe('dispatch');
    expect(later.reopened).toBe(true);
    expect((await failures.find(SOURCE, 'm-copied'))?.status).toBe(
      InboxStatus.PENDING,
    );
  });
});
