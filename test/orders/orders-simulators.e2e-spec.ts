import request from 'supertest';
import {
  admin,
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

interface SimulatorView {
  name: string;
  faults: {
    errorRate: number;
    status: number;
    latencyMs: number;
    down: boolean;
  };
  requests: { total: number; faulted: number };
}

describe('the built-in simulators and their control API: the newcomer walkthrough', () => {
  let schema: TestSchema;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    t = await startOrdersApp(schema, {
      resilience: {
        RESILIENCE__PRODUCT_SERVICE__RETRY__BASE_DELAY_MS: '10',
        RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_DELAY_MS: '20',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  async function simulator(name: string): Promise<SimulatorView> {
    const { body } = await request(t.url).get('/simulators').expect(200);
    return (body as SimulatorView[]).find((s) => s.name === name)!;
  }

  it('lists both simulators with their faults', async () => {
    const { body } = await request(t.url).get('/simulators').expect(200);
    expect(body).toEqual([
      expect.objectContaining({
        name: 'product-service',
        path: '/simulators/product-service',
        faults: { errorRate: 0, status: 503, latencyMs: 0, down: false },
      }),
      expect.objectContaining({
        name: 'delivery-service',
        path: '/simulators/delivery-service',
      }),
    ]);
  });

  it('breaking the product service with one call: orders flow on for manual review, its breaker opens, health is degraded; mending it brings everything back', async () => {
    const broken = await request(t.url)
      .put('/simulators/product-service/faults')
      .send({ errorRate: 1 })
      .expect(200);
    expect(broken.body.faults).toEqual({
      errorRate: 1,
      status: 503,
      latencyMs: 0,
      down: false,
    });

    for (let i = 0; i < 5; i++) {
      const order = await request(t.url)
        .post('/orders')
        .send(orderBody())
        .expect(201);
      expect(order.body).toMatchObject({
        requiresManualReview: true,
        deliveryStatus: 'SCHEDULED',
      });
    }
    const calls = (await simulator('product-service')).requests.total;
    expect(calls).toBe(10);
    const breakers = await request(t.url)
      .get('/admin/resilience/breakers')
      .set(admin)
      .expect(200);
    expect(JSON.stringify(breakers.body)).toContain('"OPEN"');
    expect(t.breakers.get('product-service')?.currentState).toBe('OPEN');
    expect((await request(t.url).get('/health').expect(200)).body.status).toBe(
      'degraded',
    );
    // The open circuit spares the failing service.
    await request(t.url).post('/orders').send(orderBody()).expect(201);
    expect((await simulator('product-service')).requests.total).toBe(calls);

    await request(t.url)
      .put('/simulators/product-service/faults')
      .send({ errorRate: 0 })
      .expect(200);
    await request(t.url)
      .post('/admin/resilience/breakers/product-service/close')
      .set(admin)
      .expect(200);
    const normal = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    expect(normal.body.requiresManualReview).toBe(false);
  });

  it('a delivery service that is down queues deliveries', async () => {
    await request(t.url)
      .put('/simulators/delivery-service/faults')
      .send({ down: true })
      .expect(200);
    try {
      const order = await request(t.url)
        .post('/orders')
        .send(orderBody())
        .expect(201);
      expect(order.body.deliveryStatus).toBe('QUEUED');
      expect((await simulator('delivery-service')).requests.faulted).toBe(2);
    } finally {
      await request(t.url)
        .put('/simulators/delivery-service/faults')
        .send({ down: false })
        .expect(200);
    }
  });
});
