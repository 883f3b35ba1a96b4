import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { DeliveryRetryJob } from '../../src/orders/delivery/delivery-retry.job.js';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

const DELIVERY = {
  deliveryId: 'd-1',
  trackingNumber: 'T-1',
  estimatedDeliveryDate: '2030-01-01',
  carrier: 'Stub',
};

describe('delivery service failures: narrow retries, then the delivery is queued and retried by the job', () => {
  let schema: TestSchema;
  let deliveries: StubHttpServer;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    deliveries = await StubHttpServer.start();
    t = await startOrdersApp(schema, {
      orders: {
        deliveryServiceUrl: deliveries.url,
        deliveryRetryBaseDelayMs: 50,
      },
      resilience: {
        RESILIENCE__DELIVERY_SERVICE__RETRY__BASE_DELAY_MS: '10',
        RESILIENCE__DELIVERY_SERVICE__RETRY__MAX_DELAY_MS: '10',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await deliveries?.close();
    await schema?.drop();
  });
  beforeEach(() => {
    deliveries.reset();
    t.breakers.get('delivery-service')?.reset();
  });

  async function deliveryRow(orderId: string) {
    const [row] = await t.dataSource.query(
      `SELECT state, attempts, last_error_code FROM ${schema.name}.delivery_requests WHERE order_id = $1`,
      [orderId],
    );
    return row as {
      state: string;
      attempts: number;
      last_error_code: string | null;
    };
  }

  it('schedules the delivery at once when the service answers, sending the order id as Idempotency-Key', async () => {
    deliveries.on('POST', '/deliveries').reply({ status: 201, body: DELIVERY });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body).toMatchObject({
      deliveryStatus: 'SCHEDULED',
      delivery: DELIVERY,
    });
    const [call] = deliveries.requests('POST', '/deliveries');
    expect(call.headers['idempotency-key']).toBe(created.body.id);
    expect(call.body).toMatchObject({
      orderId: created.body.id,
      customerId: created.body.customerId,
      products: created.body.products,
      shippingAddress: created.body.shippingAddress,
    });
    expect(await deliveryRow(created.body.id)).toMatchObject({ state: 'DONE' });
  });

  it('does not retry a 500 (the delivery may exist): one call, then queued', async () => {
    deliveries.on('POST', '/deliveries').reply({ status: 500 });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'PENDING',
      deliveryStatus: 'QUEUED',
      delivery: null,
    });
    expect(deliveries.count('POST', '/deliveries')).toBe(1);
    expect(await deliveryRow(created.body.id)).toEqual({
      state: 'PENDING',
      attempts: 1,
      last_error_code: 'UPSTREAM_ERROR',
    });
    // The breaker still counted the failure.
    expect(t.breakers.get('delivery-service')?.stats().totals.failures).toBe(1);
  });

  it('retries a 503 once, then queues the delivery', async () => {
    deliveries.on('POST', '/deliveries').reply({ status: 503 });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.deliveryStatus).toBe('QUEUED');
    expect(deliveries.count('POST', '/deliveries')).toBe(2);
  });

  it('retries a dropped connection once too', async () => {
    deliveries
      .on('POST', '/deliveries')
      .replyOnce({ destroy: true })
      .reply({ status: 201, body: DELIVERY });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.deliveryStatus).toBe('SCHEDULED');
    expect(deliveries.count('POST', '/deliveries')).toBe(2);
  });

  it('marks a refused delivery (4xx) failed, without retrying or queueing it', async () => {
    deliveries
      .on('POST', '/deliveries')
      .reply({ status: 400, body: { message: 'bad address' } });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.deliveryStatus).toBe('FAILED');
    expect(deliveries.count('POST', '/deliveries')).toBe(1);
    expect(await deliveryRow(created.body.id)).toMatchObject({
      state: 'FAILED',
    });
  });

  it('the job delivers a queued request once the service is back, and the order says so', async () => {
    deliveries.on('POST', '/deliveries').reply({ status: 503 });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.deliveryStatus).toBe('QUEUED');
    // Cached as queued...
    expect(
      (await request(t.url).get(`/orders/${created.body.id}`)).body
        .deliveryStatus,
    ).toBe('QUEUED');

    deliveries.on('POST', '/deliveries').reply({ status: 201, body: DELIVERY });
    await sleep(100);
    expect(await t.get(DeliveryRetryJob).runOnce()).toBeGreaterThanOrEqual(1);
    const read = await request(t.url)
      .get(`/orders/${created.body.id}`)
      .expect(200);
    expect(read.body).toMatchObject({
      deliveryStatus: 'SCHEDULED',
      delivery: DELIVERY,
    });
    expect(await deliveryRow(created.body.id)).toMatchObject({
      state: 'DONE',
      attempts: 1,
    });
  });

  it('cancelling an order cancels its queued delivery: the job leaves it alone', async () => {
    deliveries.on('POST', '/deliveries').reply({ status: 503 });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const cancelled = await request(t.url)
      .post(`/orders/${created.body.id}/cancel`)
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      deliveryStatus: 'CANCELLED',
    });
    deliveries.reset();
    deliveries.on('POST', '/deliveries').reply({ status: 201, body: DELIVERY });
    await sleep(100);
    await t.get(DeliveryRetryJob).runOnce();
    expect(
      deliveries
        .requests('POST', '/deliveries')
        .map((r) => (r.body as { orderId: string }).orderId),
    ).not.toContain(created.body.id);
    expect(await deliveryRow(created.body.id)).toMatchObject({
      state: 'CANCELLED',
    });
  });

  it('queues deliveries without calling the service while its breaker is open', async () => {
    t.breakers.get('delivery-service')?.open();
    deliveries.on('POST', '/deliveries').reply({ status: 201, body: DELIVERY });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.deliveryStatus).toBe('QUEUED');
    expect(deliveries.count('POST', '/deliveries')).toBe(0);
    expect(await deliveryRow(created.body.id)).toMatchObject({
      last_error_code: 'CIRCUIT_OPEN',
    });
    // The job skips its runs while the circuit is open.
    expect(await t.get(DeliveryRetryJob).runOnce()).toBe(0);
  });
});

describe('a slow delivery service cannot make order creation outlast the request timeout', () => {
  let schema: TestSchema;
  let deliveries: StubHttpServer;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    deliveries = await StubHttpServer.start();
    t = await startOrdersApp(schema, {
      orders: { deliveryServiceUrl: deliveries.url },
      requestTimeoutMs: 4_000,
    });
  });
  afterAll(async () => {
    await t?.close();
    await deliveries?.close();
    await schema?.drop();
  });

  it('answers within the request timeout with the delivery still being requested, which completes in the background', async () => {
    deliveries
      .on('POST', '/deliveries')
      .reply({ status: 201, body: DELIVERY, delayMs: 3_000 });
    const started = Date.now();
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    // The request keeps 2 s of its 4 s for itself: it stops waiting for the delivery at ~2 s.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(created.body.deliveryStatus).toBe('REQUESTING');
    await sleep(1_500);
    const read = await request(t.url)
      .get(`/orders/${created.body.id}`)
      .expect(200);
    expect(read.body).toMatchObject({
      deliveryStatus: 'SCHEDULED',
      delivery: DELIVERY,
    });
  });
});
