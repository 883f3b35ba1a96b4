import request from 'supertest';
import {
  CircuitBreakerRegistry,
  FeatureToggles,
} from '@nest-resilience/resilience';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from '../orders/orders-test.app.js';

describe('The product-availability-check toggle of the orders', () => {
  let schema: TestSchema;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    t = await startOrdersApp(schema, { redis: false });
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  const productCalls = () =>
    t.get(CircuitBreakerRegistry).get('product-service')?.stats().totals
      .calls ?? 0;

  it('is declared by the shipped configuration and on', () => {
    expect(
      t.get(FeatureToggles).state('product-availability-check'),
    ).toMatchObject({
      enabled: true,
      source: 'config',
    });
  });

  it('off, orders are accepted for manual review without calling the product service', async () => {
    const toggles = t.get(FeatureToggles);
    const checked = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(checked.body.requiresManualReview).toBe(false);
    const before = productCalls();
    expect(before).toBeGreaterThan(0);

    await toggles.set('product-availability-check', false, 'ops');
    try {
      const unchecked = await request(t.url)
        .post('/orders')
        .send(orderBody())
        .expect(201);
      expect(unchecked.body).toMatchObject({
        status: 'PENDING',
        requiresManualReview: true,
      });
      expect(productCalls()).toBe(before);
    } finally {
      await toggles.set('product-availability-check', true, 'ops');
    }
    const again = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(again.body.requiresManualReview).toBe(false);
    expect(productCalls()).toBe(before + 1);
  });
});
