import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  createTestSchema,
  orderBody,
  REDIS_URL,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

const AVAILABLE = [
  { productId: 'product-1', available: true, quantity: 5 },
  { productId: 'product-2', available: true, quantity: 5 },
];

describe('Idempotency-Key on POST /orders, and per-client rate limiting, on Redis', () => {
  let schema: TestSchema;
  let products: StubHttpServer;
  let t: OrdersTestApp;
  let redis: Redis;

  beforeAll(async () => {
    schema = await createTestSchema();
    products = await StubHttpServer.start();
    products.on('POST', '/check-availability').reply({ body: AVAILABLE });
    t = await startOrdersApp(schema, {
      orders: { productServiceUrl: products.url },
      rateLimitPerMinute: 40,
    });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    await products?.close();
    await schema?.drop();
  });

  it('answers a repeat with the same key and body with the first response, creating nothing', async () => {
    const key = randomUUID();
    const body = orderBody();
    const first = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    // The same body with its keys in another order is the same request.
    const reordered = {
      shippingAddress: body.shippingAddress,
      products: body.products,
      customerId: body.customerId,
    };
    const repeat = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(reordered)
      .expect(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM ${schema.name}.orders WHERE customer_id = $1`,
      [body.customerId],
    );
    expect(count).toBe(1);
    // The record lives in Redis, shared by every instance.
    expect(await redis.exists(`${t.keyPrefix}idempotency:orders:${key}`)).toBe(
      1,
    );
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(orderBody())
      .expect(201);
    const reused = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(orderBody())
      .expect(422);
    expect(reused.body).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('refuses a repeat while the first is still running: 409 CONFLICT', async () => {
    products
      .on('POST', '/check-availability')
      .replyOnce({ body: AVAILABLE, delayMs: 500 });
    const key = randomUUID();
    const body = orderBody();
    const first = request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(409);
    expect(second.body.code).toBe('CONFLICT');
    expect((await first).status).toBe(201);
    const third = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(third.body.id).toBe((await first).body.id);
  });

  it('frees the key of a failed first request, so the client can retry with it', async () => {
    const key = randomUUID();
    await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(orderBody({ products: [] }))
      .expect(400);
    await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', key)
      .send(orderBody())
      .expect(201);
  });

  it('rejects a malformed key: 400 VALIDATION_FAILED pointing at the header', async () => {
    const bad = await request(t.url)
      .post('/orders')
      .set('Idempotency-Key', 'x'.repeat(300))
      .send(orderBody())
      .expect(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ pointer: '/headers/idempotency-key' }),
    ]);
  });

  it('limits each client: over the limit, 429 RATE_LIMITED with Retry-After, counted in Redis', async () => {
    let limited: request.Response | undefined;
    for (let i = 0; i < 60 && limited === undefined; i++) {
      const response = await request(t.url).get(`/orders/${randomUUID()}`);
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(404);
    }
    expect(limited?.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    const keys = await redis.keys(`${t.keyPrefix}throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
  });
});
