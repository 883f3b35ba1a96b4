import { DataSource } from 'typeorm';
import { MESSAGING_MIGRATIONS } from '../messaging-typeorm.constants.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { OutboxStore } from './outbox.store.js';

describe('OutboxStore (SQLite)', () => {
  let dataSource: DataSource;
  let store: OutboxStore;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: [...MESSAGING_MIGRATIONS],
      migrationsRun: true,
    });
    await dataSource.initialize();
    store = new OutboxStore(new MessagingTransactionRunner(dataSource));
  });
  afterEach(() => dataSource.destroy());

  const add = (type: string, groupKey: string, payload: unknown = {}) =>
    dataSource.transaction((manager) =>
      store.add(
        manager,
        { type, groupKey, payload },
        { 'x-request-id': 'r-1' },
      ),
    );

  it('numbers events per group in the order they are added, and keeps the payload text', async () => {
    await add('A', 'g1', { n: 1 });
    await add('B', 'g2');
    await add('C', 'g1', { n: 2 });
    const claimed = await store.claim('relay-1', 30_000, 10);
    expect(
      claimed.map((m) => [m.pattern, m.groupKey, m.sequence, m.payload]),
    ).toEqual([
      ['A', 'g1', 1, '{"n":1}'],
      ['B', 'g2', 1, '{}'],
      ['C', 'g1', 2, '{"n":2}'],
    ]);
    expect(claimed[0].headers).toEqual({ 'x-request-id': 'r-1' });
  });

  it('stores nothing when the caller rolls back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await store.add(manager, { type: 'A', groupKey: 'g', payload: {} }, {});
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow();
    expect(await store.backlog()).toEqual({ pending: 0 });
  });

  it('leases claimed rows, gives released ones back first, and forgets published ones', async () => {
    for (const type of ['A', 'B', 'C']) await add(type, 'g');
    const first = await store.claim('relay-1', 30_000, 2);
    expect(await store.claim('relay-2', 30_000, 10)).toHaveLength(1);
    await store.markPublished('relay-1', [first[0].position]);
    await store.release('relay-1', [first[1].position], 'Error: timeout');
    const again = await store.claim('relay-2', 30_000, 10);
    expect(again.map((m) => m.pattern)).toEqual(['B']);
    expect((await store.backlog()).pending).toBe(2);
    expect(await store.purgePublished(Date.now() + 1)).toBe(1);
  });

  it('lets another relay take rows whose lease ran out', async () => {
    await add('A', 'g');
    expect(await store.claim('relay-1', -1, 10)).toHaveLength(1);
    expect(await store.claim('relay-2', 30_000, 10)).toHaveLength(1);
  });
});
