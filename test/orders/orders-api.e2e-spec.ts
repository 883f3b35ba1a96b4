import request from 'supertest';
import { ErrorClassifier } from '@nest-resilience/resilience';
import { DeliveryRequestEntity } from '../../src/orders/entities/delivery-request.entity.js';
import { OrderStore } from '../../src/orders/order.store.js';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';
import type { RecordingOutboxPublisher } from './recording-outbox.publisher.js';

const PROBLEM_JSON = /application\/problem\+json/;

describe('orders API against the built-in simulators, PostgreSQL and Redis', () => {
  let schema: TestSchema;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    t = await startOrdersApp(schema);
  });
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  });

  it('creates an order: 201 with id, status, delivery scheduled, stored and ORDER_CREATED added in its transaction', async () => {
    const body = orderBody();
    const created = await request(t.url).post('/orders').send(body).expect(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'PENDING',
      customerId: body.customerId,
      requiresManualReview: false,
      deliveryStatus: 'SCHEDULED',
      delivery: {
        carrier: 'Simulated Express',
        trackingNumber: expect.stringMatching(/^SIM/),
      },
      allowedActions: ['ship', 'cancel'],
    });
    const [row] = await t.dataSource.query(
      `SELECT status, delivery_status FROM ${schema.name}.orders WHERE id = $1`,
      [created.body.id],
    );
    expect(row).toEqual({ status: 'PENDING', delivery_status: 'SCHEDULED' });
    const events = (t.outbox as RecordingOutboxPublisher).events.filter(
      (event) => event.groupKey === created.body.id,
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'ORDER_CREATED', inTransaction: true }),
    ]);
  });

  it('reads an order back, the same as created', async () => {
    const created = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const read = await request(t.url)
      .get(`/orders/${created.body.id}`)
      .expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('moves an order through its state machine and refuses invalid transitions with 409 CONFLICT', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const shipped = await request(t.url)
      .post(`/orders/${order.id}/ship`)
      .expect(200);
    expect(shipped.body).toMatchObject({
      status: 'SHIPPED',
      allowedActions: ['deliver'],
    });

    const cancel = await request(t.url)
      .post(`/orders/${order.id}/cancel`)
      .expect(409);
    expect(cancel.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(cancel.body).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(cancel.body.detail).toContain('SHIPPED');

    await request(t.url).post(`/orders/${order.id}/deliver`).expect(200);
    const read = await request(t.url).get(`/orders/${order.id}`).expect(200);
    expect(read.body).toMatchObject({
      status: 'DELIVERED',
      allowedActions: [],
    });
    await request(t.url).post(`/orders/${order.id}/ship`).expect(409);

    const types = (t.outbox as RecordingOutboxPublisher).events
      .filter((event) => event.groupKey === order.id)
      .map((event) => event.type);
    expect(types).toEqual([
      'ORDER_CREATED',
      'ORDER_SHIPPED',
      'ORDER_DELIVERED',
    ]);
  });

  it('cancels a pending order, and a cancelled order can do nothing more', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const cancelled = await request(t.url)
      .post(`/orders/${order.id}/cancel`)
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'CANCELLED',
      allowedActions: [],
    });
    for (const action of ['ship', 'deliver', 'cancel']) {
      const refused = await request(t.url)
        .post(`/orders/${order.id}/${action}`)
        .expect(409);
      expect(refused.body.code).toBe('CONFLICT');
    }
  });

  it('answers 404 NOT_FOUND for an order that does not exist', async () => {
    for (const id of [
      '00000000-0000-4000-8000-000000000000',
      'not-an-order-id',
    ]) {
      const missing = await request(t.url).get(`/orders/${id}`).expect(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      await request(t.url).post(`/orders/${id}/ship`).expect(404);
    }
  });

  it('validates the body: 400 VALIDATION_FAILED with a pointer per invalid field', async () => {
    const invalid = await request(t.url)
      .post('/orders')
      .send(
        orderBody({
          products: [{ productId: 'p', quantity: 0 }],
          shippingAddress: { street: 'x' },
          unexpected: true,
        }),
      )
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const pointers = (invalid.body.errors as { pointer: string }[]).map(
      (e) => e.pointer,
    );
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/products/0/quantity',
        '/shippingAddress/city',
        '/unexpected',
      ]),
    );
    await request(t.url)
      .post('/orders')
      .send(orderBody({ products: [] }))
      .expect(400);
  });

  it('refuses products the product service says are out of stock: 409 CONFLICT naming them', async () => {
    const refused = await request(t.url)
      .post('/orders')
      .send(
        orderBody({ products: [{ productId: 'out-of-stock-9', quantity: 1 }] }),
      )
      .expect(409);
    expect(refused.body.detail).toContain('out-of-stock-9');
  });

  it('does not retry a constraint violation: one attempt, classified CONFLICT, not counted by the breaker', async () => {
    const { body: order } = await request(t.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const store = t.get(OrderStore);
    const existing = (await store.findById(order.id))!;
    const before = t.breakers.get('postgres')!.stats().totals;
    const duplicate = await store
      // The order's primary key is taken: the insert fails on a unique violation (23505).
      .create(existing, new DeliveryRequestEntity(), {
        type: 'ORDER_CREATED',
        groupKey: order.id,
        payload: {},
      })
      .catch((error: unknown) => error);
    expect(t.get(ErrorClassifier).classify(duplicate).code).toBe('CONFLICT');
    const after = t.breakers.get('postgres')!.stats().totals;
    expect(after.calls - before.calls).toBe(1);
    expect(after.failures).toBe(before.failures);
    expect(after.ignoredErrors - before.ignoredErrors).toBe(1);
  });
});
