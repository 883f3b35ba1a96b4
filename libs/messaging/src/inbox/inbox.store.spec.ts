import { DataSource } from 'typeorm';
import {
  MessageDelivery,
  type MessageDeliveryInit,
} from '../delivery/message-delivery.js';
import { MESSAGING_MIGRATIONS } from '../messaging-typeorm.constants.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { InboxStatus } from './inbox-status.enum.js';
import { InboxFailureStore } from './inbox-failure.store.js';
import { InboxStore } from './inbox.store.js';

function delivery(init: Partial<MessageDeliveryInit> = {}): MessageDelivery {
  return new MessageDelivery({
    consumer: 'q',
    transport: 'test',
    source: 'q',
    destination: 'amqp:q',
    headers: {},
    payload: {},
    redelivered: false,
    messageId: 'm-1',
    ...init,
  });
}

describe('InboxStore and InboxFailureStore (SQLite)', () => {
  let dataSource: DataSource;
  let store: InboxStore;
  let failures: InboxFailureStore;
  let db: MessagingTransactionRunner;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: [...MESSAGING_MIGRATIONS],
      migrationsRun: true,
    });
    await dataSource.initialize();
    db = new MessagingTransactionRunner(dataSource);
    store = new InboxStore(db);
    failures = new InboxFailureStore(db, store);
  });
  afterEach(() => dataSource.destroy());

  /** Claims as `InboxService` does: anything but `claimed` rolls the transaction back. */
  const claim = async (d: MessageDelivery) => {
    let outcome: string | undefined;
    await db
      .transaction(async (manager) => {
        outcome = await store.claim(manager, d);
        if (outcome !== 'claimed') throw new Error('roll back');
      })
      .catch(() => undefined);
    return outcome;
  };

  it('claims a message once; a second claim of the same id is a duplicate', async () => {
    expect(await claim(delivery())).toBe('claimed');
    expect(await claim(delivery())).toBe('duplicate');
    expect(await failures.find('q', 'm-1')).toMatchObject({
      status: InboxStatus.DONE,
    });
  });

  it('applies a group only from n - 1 to n: a gap is out of order, a lower position a duplicate', async () => {
    const at = (sequence: number, id: string) =>
      delivery({ messageId: id, groupKey: 'o-1', sequence });
    expect(await claim(at(2, 'b'))).toBe('out-of-order');
    expect(await claim(at(1, 'a'))).toBe('claimed');
    expect(await claim(at(3, 'c'))).toBe('out-of-order');
    expect(await claim(at(2, 'b'))).toBe('claimed');
    expect(await store.groupPosition('q', 'o-1')).toBe(2);
  });

  it('keeps attempts and deliveries across deliveries, the last error and the history, and only lets counts grow', async () => {
    const d = delivery();
    const record = (attempt: number) => ({
      at: '2025-01-01T00:00:00.000Z',
      delivery: 1,
      attempt,
      code: 'DEPENDENCY_UNAVAILABLE',
      type: 'QueryFailedError',
      message: 'reset',
    });
    await failures.recordProgress(d, {
      attempts: 1,
      deliveries: 0,
      error: { name: 'QueryFailedError', code: 'ECONNRESET', message: 'reset' },
      records: [record(1)],
    });
    await failures.recordProgress(d, {
      attempts: 2,
      deliveries: 1,
      records: [record(2)],
    });
    await failures.recordProgress(d, { attempts: 1, deliveries: 0 });
    expect(await failures.find('q', 'm-1')).toEqual({
      status: InboxStatus.PENDING,
      attempts: 2,
      deliveries: 1,
      lastError: {
        name: 'QueryFailedError',
        code: 'ECONNRESET',
        message: 'reset',
      },
      history: [record(1), record(2)],
    });
  });

  it('starts a replay of a dead-lettered message afresh: no deliveries, no history, attempts kept', async () => {
    const d = delivery({ messageId: 'z' });
    await failures.recordProgress(d, {
      attempts: 6,
      deliveries: 2,
      error: { name: 'Error', message: 'down' },
      records: [
        {
          at: '2025-01-01T00:00:00.000Z',
          delivery: 1,
          attempt: 1,
          code: 'UPSTREAM_UNAVAILABLE',
          type: 'Error',
          message: 'down',
        },
      ],
    });
    await failures.beginDeadLetter(d);
    await failures.finishDeadLetter(d, 'dl-z');
    await failures.reopenForReplay(
      delivery({ messageId: 'z', replayOf: 'dl-z' }),
    );
    expect(await failures.find('q', 'z')).toEqual({
      status: InboxStatus.PENDING,
      attempts: 6,
      deliveries: 0,
      history: [],
      deadLetterId: 'dl-z',
    });
  });

  it('dead-letters through a write-ahead state, moves the group past the message, and refuses it afterwards as dead-lettered', async () => {
    const first = delivery({ messageId: 'a', groupKey: 'o-2', sequence: 1 });
    await failures.beginDeadLetter(first);
    expect((await failures.find('q', 'a'))?.status).toBe(
      InboxStatus.DEAD_LETTERING,
    );
    await failures.finishDeadLetter(first, 'dl-1');
    expect(await failures.find('q', 'a')).toMatchObject({
      status: InboxStatus.DEAD_LETTERED,
      deadLetterId: 'dl-1',
    });
    expect(await store.groupPosition('q', 'o-2')).toBe(1);
    expect(
      await claim(delivery({ messageId: 'a', groupKey: 'o-2', sequence: 1 })),
    ).toBe('dead-lettered');
    // Without a group, too: told from a message applied before.
    expect(await claim(delivery({ messageId: 'a' }))).toBe('dead-lettered');
    expect(
      await claim(delivery({ messageId: 'b', groupKey: 'o-2', sequence: 2 })),
    ).toBe('claimed');
    expect(
      await claim(delivery({ messageId: 'b', groupKey: 'o-2', sequence: 2 })),
    ).toBe('duplicate');
  });

  it('takes a replay of a dead-lettered message again', async () => {
    const d = delivery({ messageId: 'r' });
    await failures.beginDeadLetter(d);
    await failures.finishDeadLetter(d, 'dl-2');
    expect(await claim(delivery({ messageId: 'r', replayOf: 'dl-2' }))).toBe(
      'claimed',
    );
    expect(await claim(delivery({ messageId: 'r', replayOf: 'dl-2' }))).toBe(
      'duplicate',
    );
  });

  it("lets concurrent transactions take turns on SQLite, the application's included", async () => {
    const results = await Promise.all([
      dataSource.transaction((manager) => manager.query('SELECT 1 AS one')),
      claim(delivery({ messageId: 'x' })),
      dataSource.manager.transaction((manager) =>
        manager.query('SELECT 2 AS two'),
      ),
      claim(delivery({ messageId: 'y' })),
    ]);
    expect(results).toEqual([[{ one: 1 }], 'claimed', [{ two: 2 }], 'claimed']);
  });
});
