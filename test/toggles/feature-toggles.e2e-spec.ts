import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  admin,
  REDIS_URL,
  startToggleApp,
  type ToggleTestApp,
} from './feature-toggles-test.app.js';

/** Polls `check` until it holds; answers how long that took. */
async function within(
  limitMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) {
      throw new Error(`not within ${limitMs} ms`);
    }
    await sleep(20);
  }
}

const statusOf = async (url: string, path: string) =>
  (await request(url).get(path)).status;

describe('Feature toggles shared through Redis', () => {
  const keyPrefix = `toggles-e2e:${randomUUID().slice(0, 8)}:`;
  let a: ToggleTestApp;
  let b: ToggleTestApp;

  beforeAll(async () => {
    a = await startToggleApp({ keyPrefix });
    b = await startToggleApp({ keyPrefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
    await redis.del(`${keyPrefix}features`, `${keyPrefix}features:version`);
    redis.disconnect();
  });

  it('lists every toggle with its value and where it comes from', async () => {
    const res = await request(a.url)
      .get('/admin/features')
      .set(admin)
      .expect(200);
    expect(res.body.features).toEqual([
      expect.objectContaining({
        name: 'recommendations',
        enabled: true,
        source: 'default',
        description: 'Picked for the customer',
      }),
      expect.objectContaining({
        name: 'reviews',
        enabled: true,
        source: 'default',
      }),
      expect.objectContaining({
        name: 'seasonal-banner',
        enabled: true,
        source: 'config',
      }),
    ]);
    await request(a.url).get('/admin/features').expect(401);
  });

  it('a change on one instance reaches the other within 1 s, is audited, and the route answers 503 FEATURE_DISABLED', async () => {
    await request(b.url).get('/shop/reviews').expect(200);
    const put = await request(a.url)
      .put('/admin/features/reviews')
      .set(admin)
      .send({ enabled: false })
      .expect(200);
    expect(put.body).toMatchObject({
      name: 'reviews',
      enabled: false,
      source: 'runtime',
      configuredEnabled: true,
      changedBy: 'admin',
    });
    await within(
      1_000,
      async () => (await statusOf(b.url, '/shop/reviews')) === 503,
    );

    const refused = await request(b.url).get('/shop/reviews').expect(503);
    expect(refused.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(refused.body).toMatchObject({
      type: expect.stringMatching(/feature-disabled$/),
      title: 'Feature disabled',
      status: 503,
      code: 'FEATURE_DISABLED',
      category: 'CONFIGURATION',
      retryable: false,
      feature: 'reviews',
      instance: '/shop/reviews',
    });
    // A deliberate refusal, logged without a stack, as breakers' refusals are.
    expect(
      b.logger.find('FEATURE_DISABLED 503').every((line) => !line.stack),
    ).toBe(true);
    // Each instance logs the change once (both log through this process's one logger).
    expect(b.logger.find('Feature reviews disabled by admin')).toHaveLength(2);

    const audit = await request(a.url)
      .get('/admin/audit?action=feature.set')
      .set(admin)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      actor: 'admin',
      action: 'feature.set',
      target: 'reviews',
      outcome: 'SUCCEEDED',
      details: { enabled: false },
    });

    await request(b.url)
      .put('/admin/features/reviews')
      .set(admin)
      .send({ enabled: true })
      .expect(200);
    await within(
      1_000,
      async () => (await statusOf(a.url, '/shop/reviews')) === 200,
    );
  });

  it('a disabled provider method and route answer from their fallbacks, marked degraded', async () => {
    await request(b.url)
      .put('/admin/features/recommendations')
      .set(admin)
      .send({ enabled: false })
      .expect(200);
    await request(b.url)
      .put('/admin/features/seasonal-banner')
      .set(admin)
      .send({ enabled: false })
      .expect(200);
    await within(1_000, async () => {
      const res = await request(a.url).get('/shop/recommendations/c-1');
      return res.body.degraded === true;
    });
    const recommended = await request(a.url)
      .get('/shop/recommendations/c-1')
      .expect(200);
    expect(recommended.body).toEqual({
      items: ['best-seller-1', 'best-seller-2'],
      degraded: true,
    });
    const banner = await request(a.url).get('/shop/banner').expect(200);
    expect(banner.body).toEqual({ banner: null });
    expect(banner.headers['x-feature-disabled']).toBe('seasonal-banner');
  });

  it('a bad change answers in the envelope and is audited as failed', async () => {
    const unknown = await request(a.url)
      .put('/admin/features/no-such-feature')
      .set(admin)
      .send({ enabled: false })
      .expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const invalid = await request(a.url)
      .put('/admin/features/reviews')
      .set(admin)
      .send({ enabled: 'off', by: 'mallory' })
      .expect(400);
    expect(invalid.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { pointer: '/enabled', message: 'must be true or false' },
        { pointer: '/by', message: 'unknown member (allowed: enabled)' },
      ],
    });
    const audit = await request(a.url)
      .get('/admin/audit?action=feature.set&outcome=FAILED')
      .set(admin)
      .expect(200);
    expect(
      audit.body.items.map((e: { details: unknown }) => e.details),
    ).toEqual([
      { code: 'VALIDATION_FAILED' },
      { enabled: false, code: 'NOT_FOUND' },
    ]);
  });

  it('an instance started later takes the runtime values from Redis', async () => {
    const c = await startToggleApp({ keyPrefix });
    try {
      const res = await request(c.url)
        .get('/admin/features')
        .set(admin)
        .expect(200);
      expect(res.body.features[0]).toMatchObject({
        name: 'recommendations',
        enabled: false,
        source: 'runtime',
        changedBy: 'admin',
      });
      await request(c.url).get('/shop/banner').expect(200, { banner: null });
    } finally {
      await c.close();
    }
  });

  describe('with Redis unreachable', () => {
    let proxy: FaultProxy;
    let d: ToggleTestApp;

    beforeAll(async () => {
      proxy = await FaultProxy.start(REDIS_URL);
      d = await startToggleApp({ keyPrefix, redisUrl: proxy.url(REDIS_URL) });
    });
    afterAll(async () => {
      await d?.close();
      await proxy?.close();
    });

    it('calls still answer from the last known values, changes fail cleanly, and missed changes arrive once it is back', async () => {
      await request(d.url).get('/shop/banner').expect(200, { banner: null });
      proxy.down();
      try {
        const started = Date.now();
        for (let i = 0; i < 5; i++) {
          await request(d.url)
            .get('/shop/banner')
            .expect(200, { banner: null });
          await request(d.url).get('/shop/reviews').expect(200);
        }
        expect(Date.now() - started).toBeLessThan(2_000);

        const refused = await request(d.url)
          .put('/admin/features/reviews')
          .set(admin)
          .send({ enabled: false })
          .expect(503);
        expect(refused.body.code).toBe('DEPENDENCY_UNAVAILABLE');
        await request(d.url).get('/shop/reviews').expect(200);

        // Meanwhile another instance, still reaching Redis, switches the banner back on.
        await request(a.url)
          .put('/admin/features/seasonal-banner')
          .set(admin)
          .send({ enabled: true })
          .expect(200);
        await sleep(300);
        await request(d.url).get('/shop/banner').expect(200, { banner: null });
      } finally {
        proxy.pass();
      }
      await within(10_000, async () => {
        const res = await request(d.url).get('/shop/banner');
        return res.body.banner === 'Winter sale';
      });
    });
  });
});
