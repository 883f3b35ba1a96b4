import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  POSTGRES_URL,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

interface Outcome {
  status: number;
  id?: string;
  code?: string;
  at: number;
}

describe('dead letter writes while PostgreSQL restarts', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  let t: DeadLetterTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    proxy = await FaultProxy.start(POSTGRES_URL);
    // The app reaches PostgreSQL through the proxy, so the outage is the app's alone.
    t = await startDeadLetterApp({
      ...database,
      env: { ...database.env, DATABASE_URL: proxy.url(POSTGRES_URL) },
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await database?.drop();
  });

  /** The stored dead letters' ids, read straight from PostgreSQL, past the proxy. */
  const storedIds = async (): Promise<string[]> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM ${database.env.DATABASE_SCHEMA}.dead_letters`,
      );
      return rows.map((r) => r.id);
    } finally {
      await client.end();
    }
  };

  it('keeps every acknowledged write, answers 503 during the outage and recovers without a restart', async () => {
    const outcomes: Outcome[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const response = await request(t.server)
          .post('/admin/dlq/messages')
          .set(admin)
          .send(deadLetterBody({ payload: { writer: w, i } }));
        outcomes.push({
          status: response.status,
          id: response.body.id,
          code: response.body.code,
          at: Date.now(),
        });
        // Bounds the burst: refusals are fast once the circuit is open.
        await sleep(10);
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    let startedAt = 0;
    try {
      await sleep(300);
      // A restart, as the app sees it: every connection cut, new ones refused, then back.
      proxy.down();
      await sleep(1_000);
      proxy.pass();
      startedAt = Date.now();
      for (let waited = 0; waited < 15_000; waited += 100) {
        if (outcomes.some((o) => o.at > startedAt && o.status === 201)) break;
        await sleep(100);
      }
      await sleep(300);
    } finally {
      writing = false;
      proxy.pass();
      await writers;
    }

    const acknowledged = outcomes.filter((o) => o.status === 201);
    const refused = outcomes.filter((o) => o.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused)
      expect([o.status, o.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(acknowledged.some((o) => o.at > startedAt)).toBe(true);
    const stored = new Set(await storedIds());
    const lost = acknowledged.filter((o) => !stored.has(o.id!));
    expect(lost).toEqual([]);
    expect(t.logger.find('Dead letter store unavailable')).toHaveLength(1);
    expect(
      t.logger.find('Dead letter store available again').length,
    ).toBeGreaterThanOrEqual(1);
    // Reads work again too, on the same pool.
    await request(t.server).get('/admin/dlq/stats').set(admin).expect(200);
  });
});
