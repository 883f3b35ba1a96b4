import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  admin,
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

const RESET_MS = 1_000;
const DELIVERY = {
  deliveryId: 'd-1',
  trackingNumber: 'T-1',
  estimatedDeliveryDate: '2030-01-01',
  carrier: 'Stub',
};

describe('product service down: orders keep flowing for manual review, the breaker opens and closes', () => {
  let schema: TestSchema;
  let products: StubHttpServer;
  let deliveries: StubHttpServer;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    products = await StubHttpServer.start();
    deliveries = await StubHttpServer.start();
    deliveries.on('POST', '/deliveries').reply({ status: 201, body: DELIVERY });
    t = await startOrdersApp(schema, {
      orders: {
        productServiceUrl: products.url,
        deliveryServiceUrl: deliveries.url,
      },
      // The shipped settings (3 attempts, breaker 50 % of 10 calls), with short waits.
      resilience: {
        RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__RESET_TIMEOUT_MS:
          String(RESET_MS),
        RESILIENCE__PRODUCT_SERVICE__RETRY__BASE_DELAY_MS: '10',
        RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_DELAY_MS: '20',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await products?.close();
    await deliveries?.close();
    await schema?.drop();
  });

  it('uses the product service while it answers, forwarding the request id', async () => {
    products.on('POST', '/check-availability').reply({
      status: 200,
      body: [
        { productId: 'product-1', available: true, quantity: 5 },
        { productId: 'product-2', available: true, quantity: 5 },
      ],
    });
    const created = await request(t.url)
      .post('/orders')
      .set('X-Request-Id', 'product-outage-req-0001')
      .send(orderBody())
      .expect(201);
    expect(created.body.requiresManualReview).toBe(false);
    const [call] = products.requests('POST', '/check-availability');
    expect(call.body).toEqual({ productIds: ['product-1', 'product-2'] });
    expect(call.headers['x-request-id']).toBe('product-outage-req-0001');
    expect(deliveries.requests()[0].headers['x-request-id']).toBe(
      'product-outage-req-0001',
    );
  });

  it('accepts orders for manual review while it fails, opens after its volume, stops calling it until the reset, then closes', async () => {
    t.breakers.get('product-service')?.reset();
    products.reset();
    products.on('POST', '/check-availability').reply({ status: 503 });

    // 3 orders x 3 attempts, then the 10th failed call opens the circuit (100 % > 50 %).
    for (let i = 0; i < 5; i++) {
      const created = await request(t.url)
        .post('/orders')
        .send(orderBody())
        .expect(201);
      expect(created.body).toMatchObject({
        status: 'PENDING',
        requiresManualReview: true,
      });
    }
    expect(products.count('POST', '/check-availability')).toBe(10);

    const breaker = await request(t.url)
      .get('/admin/resilience/breakers/product-service')
      .set(admin)
      .expect(200);
    expect(breaker.body.state).toBe('OPEN');
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.breakers.open).toEqual(['product-service']);

    // Open: the downstream receives nothing more until the reset timeout.
    await request(t.url).post('/orders').send(orderBody()).expect(201);
    expect(products.count('POST', '/check-availability')).toBe(10);

    // Back up: after the reset one probe goes through, succeeds and closes the circuit.
    products.on('POST', '/check-availability').reply({
      status: 200,
      body: [
        { productId: 'product-1', available: true, quantity: 5 },
        { productId: 'product-2', available: true, quantity: 5 },
      ],
    });
    await sleep(RESET_MS + 100);
    const normal = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(normal.body.requiresManualReview).toBe(false);
    expect(products.count('POST', '/check-availability')).toBe(11);
    expect(t.breakers.get('product-service')?.currentState).toBe('CLOSED');
    expect((await request(t.url).get('/health').expect(200)).body.status).toBe(
      'ok',
    );
  });

  it('falls back on network errors too (connection dropped), without failing the order', async () => {
    t.breakers.get('product-service')?.reset();
    products.reset();
    products.on('POST', '/check-availability').reply({ destroy: true });
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(created.body.requiresManualReview).toBe(true);
    expect(products.count('POST', '/check-availability')).toBe(3);
  });
});
