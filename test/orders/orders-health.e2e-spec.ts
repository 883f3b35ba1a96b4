import request from 'supertest';
import { EnvironmentHealthIndicator } from '../../src/health/environment.health.js';
import {
  createTestSchema,
  startOrdersApp,
  type OrdersTestApp,
  type TestSchema,
} from './orders-test.app.js';

describe('health: database, Redis and environment checks, readiness and liveness', () => {
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

  it('reports every check with its status and response time, and every breaker', async () => {
    const { body } = await request(t.url).get('/health').expect(200);
    expect(body.status).toBe('ok');
    expect(body.details).toMatchObject({
      breakers: {
        status: 'up',
        breakers: expect.objectContaining({
          'product-service': expect.any(Object),
        }),
      },
      database: {
        status: 'up',
        driver: 'postgres',
        responseTime: expect.any(Number),
      },
      redis: { status: 'up', mode: 'redis', responseTime: expect.any(Number) },
      environment: { status: 'up', required: [] },
      memory_heap: { status: 'up' },
    });
  });

  it('readiness and liveness are 200 while everything is up', async () => {
    const readiness = await request(t.url).get('/health/readiness').expect(200);
    expect(Object.keys(readiness.body.details).sort()).toEqual([
      'breakers',
      'database',
      'environment',
    ]);
    const liveness = await request(t.url).get('/health/liveness').expect(200);
    expect(liveness.body).toMatchObject({ status: 'ok', details: {} });
  });

  it('a critical breaker open (the database) fails readiness, a non-critical one only degrades health', async () => {
    t.breakers.get('product-service')?.open();
    try {
      expect(
        (await request(t.url).get('/health').expect(200)).body.status,
      ).toBe('degraded');
      await request(t.url).get('/health/readiness').expect(200);
    } finally {
      t.breakers.get('product-service')?.close();
    }
    t.breakers.get('postgres')?.open();
    try {
      const readiness = await request(t.url)
        .get('/health/readiness')
        .expect(503);
      expect(readiness.body.code).toBe('DEPENDENCY_UNAVAILABLE');
      await request(t.url).get('/health/liveness').expect(200);
    } finally {
      t.breakers.get('postgres')?.close();
    }
  });

  it('the environment check names missing required variables, never their values', () => {
    const result = t
      .get(EnvironmentHealthIndicator)
      .isHealthy('environment', ['PATH', 'ORDERS_E2E_NEVER_SET']);
    expect(result.environment).toEqual({
      status: 'down',
      required: ['PATH', 'ORDERS_E2E_NEVER_SET'],
      missing: ['ORDERS_E2E_NEVER_SET'],
    });
  });
});
