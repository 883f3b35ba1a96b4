import request from 'supertest';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

describe('order events through the library transactional outbox', () => {
  let schema: TestSchema;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    t = await startOrdersApp(schema, { outbox: 'real' });
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  async function events(orderId: string) {
    const rows: { type: string; sequence: number; payload: string }[] =
      await t.dataSource.query(
        `SELECT type, sequence, payload FROM ${schema.name}.messaging_outbox WHERE group_key = $1 ORDER BY sequence`,
        [orderId],
      );
    return rows.map((row) => ({
      ...row,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
    }));
  }

  it('stores ORDER_CREATED with the order, grouped by order id, and each transition after it, in order', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .set('X-Request-Id', 'outbox-e2e-request-0001')
      .send(orderBody())
      .expect(201);
    await request(t.url).post(`/orders/${order.id}/ship`).expect(200);
    await request(t.url).post(`/orders/${order.id}/deliver`).expect(200);

    const stored = await events(order.id);
    expect(stored.map((e) => [e.type, e.sequence])).toEqual([
      ['ORDER_CREATED', 1],
      ['ORDER_SHIPPED', 2],
      ['ORDER_DELIVERED', 3],
    ]);
    expect(stored[0].payload).toMatchObject({
      orderId: order.id,
      customerId: order.customerId,
      status: 'PENDING',
      requiresManualReview: false,
    });
    expect(stored[2].payload.status).toBe('DELIVERED');
  });

  it('stores no event for a refused transition or an order that was not created', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    await request(t.url).post(`/orders/${order.id}/deliver`).expect(409);
    expect((await events(order.id)).map((e) => e.type)).toEqual([
      'ORDER_CREATED',
    ]);

    const [{ count: before }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM ${schema.name}.messaging_outbox`,
    );
    await request(t.url)
      .post('/orders')
      .send(
        orderBody({ products: [{ productId: 'out-of-stock-1', quantity: 1 }] }),
      )
      .expect(409);
    const [{ count: after }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM ${schema.name}.messaging_outbox`,
    );
    expect(after).toBe(before);
  });
});
