import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const VERSION = readdirSync('/etc/postgresql')[0];

/** Stops or starts the local PostgreSQL cluster (the tests' database). */
function cluster(action: 'stop' | 'start'): void {
  const args = [
    '--skip-systemctl-redirect',
    VERSION,
    'main',
    action,
    ...(action === 'stop' ? ['-m', 'fast'] : []),
  ];
  execFileSync('pg_ctlcluster', args, { stdio: 'pipe', timeout: 20_000 });
}

interface Outcome {
  status: number;
  id?: string;
  code?: string;
  at: number;
}

describe('dead letter writes while PostgreSQL restarts', () => {
  let database: TestDatabase;
  let t: DeadLetterTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    t = await startDeadLetterApp(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

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
    let stopped = false;
    let startedAt = 0;
    try {
      await sleep(300);
      cluster('stop');
      stopped = true;
      await sleep(1_000);
      cluster('start');
      stopped = false;
      startedAt = Date.now();
      for (let waited = 0; waited < 15_000; waited += 100) {
        if (outcomes.some((o) => o.at > startedAt && o.status === 201)) break;
        await sleep(100);
      }
      await sleep(300);
    } finally {
      writing = false;
      if (stopped) cluster('start');
      await writers;
    }

    const acknowledged = outcomes.filter((o) => o.status === 201);
    const refused = outcomes.filter((o) => o.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused)
      expect([o.status, o.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(acknowledged.some((o) => o.at > startedAt)).toBe(true);
    const stored = new Set(
      (
        await t.dataSource
          .getRepository('dead_letters')
          .find({ select: { id: true } })
      ).map((r) => r.id),
    );
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
