import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  createTestSchema,
  orderBody,
  REDIS_URL,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

describe('Redis killed during traffic: every request still succeeds, and Redis is used again once back', () => {
  let schema: TestSchema;
  let proxy: FaultProxy;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    // The app reaches Redis through the proxy only, so the outage is the app's alone.
    proxy = await FaultProxy.start(REDIS_URL);
    t = await startOrdersApp(schema, {
      redisUrl: proxy.url(REDIS_URL),
      rateLimitPerMinute: 10_000,
      resilience: {
        RESILIENCE__REDIS__CIRCUIT_BREAKER__RESET_TIMEOUT_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await schema?.drop();
  });

  /** Asks Redis itself, not through the proxy, whether the order is cached. */
  async function cachedInRedis(id: string): Promise<boolean> {
    const redis = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    try {
      await redis.connect();
      return (await redis.exists(`${t.keyPrefix}order:${id}`)) === 1;
    } finally {
      redis.disconnect();
    }
  }

  it('serves orders, idempotency and rate limits through a Redis crash and uses Redis again after it', async () => {
    const { body: before } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(await cachedInRedis(before.id)).toBe(true);

    const statuses: number[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const created = await request(t.url)
          .post('/orders')
          .set('Idempotency-Key', crypto.randomUUID())
          .send(orderBody());
        statuses.push(created.status);
        statuses.push(
          (await request(t.url).get(`/orders/${before.id}`)).status,
        );
      }
    })();
    try {
      await sleep(200);
      // A crashed Redis: every connection dropped, new ones refused.
      proxy.down();
      try {
        await sleep(1_500);
        const health = await request(t.url).get('/health').expect(200);
        expect(health.body.details.redis.status).toBe('degraded');
        await request(t.url).get('/health/readiness').expect(200);
      } finally {
        proxy.pass();
      }
      // Reconnection, then the breaker's probe after its 500 ms reset.
      await sleep(1_500);
    } finally {
      running = false;
      await traffic;
    }
    expect(statuses.length).toBeGreaterThan(10);
    expect(
      statuses.filter((status) => status !== 201 && status !== 200),
    ).toEqual([]);

    // Back: writes and reads go to Redis again, without restarting the application.
    const { body: after } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(await cachedInRedis(after.id)).toBe(true);
    expect(
      (await request(t.url).get('/health').expect(200)).body.details.redis
        .status,
    ).toBe('up');
  });

  it('a hung Redis cannot hang requests or the health check', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    // Connections accepted and kept, nothing answered: a paused or hung server.
    proxy.stall();
    try {
      const started = Date.now();
      await request(t.url).get(`/orders/${order.id}`).expect(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      const health = await request(t.url).get('/health').expect(200);
      expect(health.body.details.redis.status).toBe('degraded');
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      proxy.pass();
    }
  });
});
