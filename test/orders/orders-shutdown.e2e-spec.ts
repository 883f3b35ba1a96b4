import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

describe('graceful shutdown', () => {
  let schema: TestSchema;
  let products: StubHttpServer;
  let t: OrdersTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    products = await StubHttpServer.start();
    t = await startOrdersApp(schema, {
      orders: { productServiceUrl: products.url },
    });
  });
  afterAll(async () => {
    await products?.close();
    await schema?.drop();
  });

  it('finishes a request in flight when close() starts, refuses new ones, then closes', async () => {
    products.on('POST', '/check-availability').reply({
      delayMs: 800,
      body: [
        { productId: 'product-1', available: true, quantity: 5 },
        { productId: 'product-2', available: true, quantity: 5 },
      ],
    });
    const inFlight = request(t.url)
      .post('/orders')
      .send(orderBody())
      .then((r) => r);
    await sleep(200);
    const closing = t.close();
    await sleep(100);
    // Draining: still listening (requests in flight may need this server), refusing new work.
    const refused = await request(t.url).get(
      '/orders/00000000-0000-4000-8000-000000000000',
    );
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(refused.headers.connection).toBe('close');
    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(response.body.deliveryStatus).toBe('SCHEDULED');
    await closing;
    // Stored before the database closed.
    const client = new (await import('pg')).default.Client({
      connectionString:
        process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    await client.connect();
    const { rows } = await client.query(
      `SELECT status FROM ${schema.name}.orders WHERE id = $1`,
      [response.body.id],
    );
    await client.end();
    expect(rows).toEqual([{ status: 'PENDING' }]);
  });
});
