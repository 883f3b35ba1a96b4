import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  createTestSchema,
  orderBody,
  POSTGRES_URL,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

const RESET_MS = 1_000;

interface Outcome {
  phase: 'before' | 'outage' | 'after';
  status: number;
  code?: string;
  retryAfter?: string;
}

describe('PostgreSQL restarted during traffic: 503 DEPENDENCY_UNAVAILABLE during the outage, none after', () => {
  let schema: TestSchema;
  let proxy: FaultProxy;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    // The app reaches the database through the proxy only, so the outage is the app's alone.
    proxy = await FaultProxy.start(POSTGRES_URL);
    t = await startOrdersApp(schema, {
      databaseUrl: proxy.url(POSTGRES_URL),
      resilience: {
        RESILIENCE__POSTGRES__CIRCUIT_BREAKER__RESET_TIMEOUT_MS:
          String(RESET_MS),
        RESILIENCE__POSTGRES__RETRY__BASE_DELAY_MS: '50',
        RESILIENCE__POSTGRES__RETRY__MAX_DELAY_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await schema?.drop().catch(() => undefined);
  });

  it('answers every request during the outage with 201 or 503 DEPENDENCY_UNAVAILABLE, and all of them after it', async () => {
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let running = true;
    const traffic = (async () => {
      while (running) {
        const sentIn = phase;
        const response = await request(t.url).post('/orders').send(orderBody());
        outcomes.push({
          // A request in flight when the connections drop belongs to the outage.
          phase: sentIn === 'before' ? phase : sentIn,
          status: response.status,
          code: response.body?.code,
          retryAfter: response.headers['retry-after'],
        });
        if (response.status !== 201) await sleep(20);
      }
    })();

    try {
      // The outage starts once traffic is flowing: a slow first order must not fall into it.
      while (outcomes.length === 0) await sleep(20);
      await sleep(300);
      phase = 'outage';
      // To a client, a restart is every open connection dropped and new ones refused.
      proxy.down();
      try {
        await sleep(2_000);
        const readiness = await request(t.url).get('/health/readiness');
        // The database check is down; the envelope filter answers Terminus's 503.
        expect(readiness.status).toBe(503);
        expect(readiness.body.code).toBe('DEPENDENCY_UNAVAILABLE');
        await request(t.url).get('/health/liveness').expect(200);
      } finally {
        proxy.pass();
      }
      // Until the breaker's probe after its reset timeout closes it again.
      await sleep(RESET_MS + 500);
      phase = 'after';
      await sleep(1_000);
    } finally {
      running = false;
      await traffic;
    }

    const failures = outcomes.filter((o) => o.status !== 201);
    expect(outcomes.filter((o) => o.phase === 'before').length).toBeGreaterThan(
      0,
    );
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({
        phase: 'outage',
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
      });
      expect(Number(failure.retryAfter)).toBeGreaterThan(0);
    }
    const after = outcomes.filter((o) => o.phase === 'after');
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((o) => o.status === 201)).toBe(true);
    expect((await request(t.url).get('/health/readiness')).status).toBe(200);
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE while the database hangs, fails readiness, and recovers', async () => {
    // Wait out the previous test's breaker, so this one starts closed.
    await sleep(RESET_MS + 200);
    proxy.stall();
    try {
      const created = await request(t.url).post('/orders').send(orderBody());
      expect(created.status).toBe(503);
      expect(created.body.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect((await request(t.url).get('/health/readiness')).status).toBe(503);
    } finally {
      proxy.pass();
    }
    await sleep(RESET_MS + 500);
    await request(t.url).post('/orders').send(orderBody()).expect(201);
  });
});
