import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterService,
  DeadLetterStatus,
} from '@nest-resilience/dead-letters';
import {
  admin,
  createTestDatabase,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const SOURCE = 'orders-queue';

interface Row {
  id: string;
  messageId?: string;
  status: string;
  retryCount: number;
  replayCount: number;
  headers: Record<string, string>;
  error: { type: string; message: string };
}

/** What a consumer's handler threw when the message came back from a replay. */
class StockServiceRejectedError extends Error {
  override readonly name = 'StockServiceRejectedError';
}

describe.each(DRIVERS)(
  'a dead letter keeps one entry for life on %s',
  (driver) => {
    let database: TestDatabase;
    let t: DeadLetterTestApp;
    let stub: StubHttpServer;
    let deadLetters: DeadLetterService;

    beforeAll(async () => {
      database = await createTestDatabase(driver);
      t = await startDeadLetterApp(database, { maxReplayAttempts: 2 });
      stub = await StubHttpServer.start();
      deadLetters = t.get(DeadLetterService);
    });
    afterAll(async () => {
      await t?.close();
      await stub?.close();
      await database?.drop();
    });
    beforeEach(async () => {
      await t.truncate();
      stub.reset();
    });

    /** What a consumer does once its handler gave up on a message. */
    function handlerFailed(
      messageId: string,
      error: Error,
      attempts = 3,
      headers: Record<string, string> = {},
    ) {
      return deadLetters.deadLetter({
        headers,
        source: SOURCE,
        // The endpoint stands for the broker: it accepts whatever a replay sends it.
        destination: `${stub.url}/orders`,
        pattern: 'order.created',
        payload: { orderId: `o-${messageId}` },
        messageId,
        retryCount: attempts,
        error,
      });
    }

    async function entriesOf(source: string): Promise<Row[]> {
      const response = await request(t.server)
        .get(`/admin/dlq/messages?source=${source}`)
        .set(admin)
        .expect(200);
      return response.body.items;
    }

    async function replay(id: string): Promise<{ outcome: string }> {
      const response = await request(t.server)
        .post(`/admin/dlq/messages/${id}/replay`)
        .set(admin)
        .expect(200);
      return response.body;
    }

    it('reopens the entry when a replayed message fails again: one entry, replay count 1, the new error', async () => {
      stub.on('POST', '/orders').reply({ status: 202 });
      const first = await handlerFailed(
        'm-1',
        new Error('stock service timed out'),
      );

      expect((await replay(first.id)).outcome).toBe('DELIVERED');
      const [delivered] = await entriesOf(SOURCE);
      expect(delivered).toMatchObject({ status: DeadLetterStatus.RESOLVED });

      const again = await handlerFailed(
        'm-1',
        new StockServiceRejectedError('stock service rejected order o-m-1'),
      );

      expect(again.id).toBe(first.id);
      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        id: first.id,
        messageId: 'm-1',
        status: DeadLetterStatus.PENDING,
        replayCount: 1,
        retryCount: 3,
        error: {
          type: 'StockServiceRejectedError',
          message: 'stock service rejected order o-m-1',
        },
      });
      expect(entries[0]).not.toHaveProperty('resolution');
      expect(stub.count('POST', '/orders')).toBe(1);
    });

    it('keeps counting replays on the same entry, and the stats count it open once', async () => {
      stub.on('POST', '/orders').reply({ status: 202 });
      const { id } = await handlerFailed('m-2', new Error('first failure'));
      for (const failure of ['second failure', 'third failure']) {
        await replay(id);
        await handlerFailed('m-2', new Error(failure));
      }

      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        id,
        status: DeadLetterStatus.PENDING,
        replayCount: 2,
        error: { message: 'third failure' },
      });
      const stats = await request(t.server)
        .get('/admin/dlq/stats')
        .set(admin)
        .expect(200);
      expect(stats.body).toMatchObject({ total: 1, open: 1, recovered: 0 });
    });

    it('stays open when the message fails again before the replay has settled', async () => {
      // The handler fails while the replay is still waiting for the broker's answer.
      stub.on('POST', '/orders').reply({ status: 202, delayMs: 300 });
      const { id } = await handlerFailed('m-3', new Error('first failure'));

      const replaying = replay(id);
      while (stub.count('POST', '/orders') === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await handlerFailed('m-3', new Error('failed during the replay'));

      expect((await replaying).outcome).toBe('DELIVERED');
      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        id,
        status: DeadLetterStatus.PENDING,
        replayCount: 1,
        error: { message: 'failed during the replay' },
      });
    });

    it('counts only replays towards maxReplayAttempts, not the deliveries the producer reported', async () => {
      stub.on('POST', '/orders').reply({ status: 503 });
      // The consumer spent 8 deliveries on it; the queue allows 2 failed replays.
      const { id } = await handlerFailed('m-8', new Error('timed out'), 8);

      expect((await replay(id)).outcome).toBe('FAILED');
      const [afterOne] = await entriesOf(SOURCE);
      expect(afterOne).toMatchObject({
        status: DeadLetterStatus.PENDING,
        replayCount: 1,
        retryCount: 9,
      });

      expect((await replay(id)).outcome).toBe('FAILED');
      const [afterTwo] = await entriesOf(SOURCE);
      expect(afterTwo).toMatchObject({
        status: DeadLetterStatus.FAILED,
        replayCount: 2,
        retryCount: 10,
      });
    });

    it('keeps the headers of the latest failure when a replayed message fails again', async () => {
      stub.on('POST', '/orders').reply({ status: 202 });
      const first = await handlerFailed('m-h', new Error('first'), 3, {
        'x-attempt-history': 'delivery 1: timed out',
      });
      await replay(first.id);

      await handlerFailed('m-h', new Error('after the replay'), 3, {
        'x-attempt-history': 'replay 1: rejected',
      });

      const [entry] = await entriesOf(SOURCE);
      expect(entry).toMatchObject({
        id: first.id,
        status: DeadLetterStatus.PENDING,
        headers: { 'x-attempt-history': 'replay 1: rejected' },
        error: { message: 'after the replay' },
      });
      const stored = await deadLetters.get(first.id);
      expect(stored.headers).toEqual({
        'x-attempt-history': 'replay 1: rejected',
      });
    });

    it('gives two different messages two entries, and a message without an id one per failure', async () => {
      const a = await handlerFailed('m-a', new Error('a failed'));
      const b = await handlerFailed('m-b', new Error('b failed'));
      const [c, d] = await Promise.all(
        ['c failed', 'd failed'].map((message) =>
          deadLetters.deadLetter({
            source: SOURCE,
            destination: `${stub.url}/orders`,
            payload: {},
            error: new Error(message),
          }),
        ),
      );

      expect(new Set([a.id, b.id, c!.id, d!.id]).size).toBe(4);
      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(4);
      expect(entries.map((e) => e.replayCount)).toEqual([0, 0, 0, 0]);
    });

    it('keeps one entry when one message fails twice at once', async () => {
      const [first, second] = await Promise.all([
        handlerFailed('m-twice', new Error('first failure')),
        // A moment later, so that its failure is the newer one.
        new Promise((resolve) => setTimeout(resolve, 2)).then(() =>
          handlerFailed('m-twice', new Error('second failure')),
        ),
      ]);

      expect(second.id).toBe(first.id);
      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        error: { message: 'second failure' },
      });
    });

    it('keeps one entry when one message fails many times at once, across write batches', async () => {
      const stored = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          // Spread over a few milliseconds, so the writes land in batches in flight together.
          new Promise((resolve) => setTimeout(resolve, i % 4)).then(() =>
            handlerFailed('m-burst', new Error(`failure ${i}`)),
          ),
        ),
      );

      expect(new Set(stored.map((entry) => entry.id)).size).toBe(1);
      const entries = await entriesOf(SOURCE);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        id: stored[0]!.id,
        status: DeadLetterStatus.PENDING,
      });
    });
  },
);
