import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request, { type Test } from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { startTestApp } from '../support/test-app.js';

type Http = ReturnType<typeof request>;

/** A simulator the README names, and one call to its own API with the status it answers. */
interface Simulated {
  name: string;
  call: (http: Http) => Test;
  ok: number;
}

const delivery = {
  orderId: 'o-1',
  customerId: 'c-1',
  products: [{ productId: 'p-1', quantity: 1 }],
  shippingAddress: { street: '1 Main St', city: 'Springfield' },
};

/** Every simulator the README names, in the order `GET /simulators` lists them. */
const SIMULATED: Simulated[] = [
  {
    name: 'product-service',
    call: (http) =>
      http
        .post('/simulators/product-service/check-availability')
        .send({ productIds: ['p-1'] }),
    ok: 200,
  },
  {
    name: 'delivery-service',
    call: (http) =>
      http.post('/simulators/delivery-service/deliveries').send(delivery),
    ok: 201,
  },
  ...(
    [
      ['fhir-server', 'Bundle'],
      ['terminology-server', 'lookups'],
      ['inventory-service', 'reservations'],
      ['payment-service', 'payments'],
      ['shipping-service', 'shipments'],
    ] as const
  ).map(([name, resource]) => ({
    name,
    call: (http: Http) =>
      http.post(`/simulators/${name}/${resource}`).send({ codes: ['c'] }),
    ok: 201,
  })),
];

const HEALTHY = { errorRate: 0, status: 503, latencyMs: 0, down: false };

describe('the simulators of the application as `npm start` serves them: one control API for all', () => {
  const saved = { ...process.env };
  const folder = mkdtempSync(join(tmpdir(), 'simulators-e2e-'));
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // No downstream or target URL, no database or Redis URL: the embedded defaults.
    const env = Object.fromEntries(
      Object.entries(saved).filter(
        ([key]) =>
          !/^(DATABASE_URL|REDIS_URL|RABBITMQ_URL|NATS_URL|.*_SERVICE_URL|.*_SERVER_URL)$/.test(
            key,
          ),
      ),
    );
    process.env = { ...env, DATABASE_SQLITE_PATH: join(folder, 'app.sqlite') };
    app = await startTestApp(AppModule);
  });

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists every simulator with its fault settings', async () => {
    const { body } = await http().get('/simulators').expect(200);
    expect(body).toEqual(
      SIMULATED.map(({ name }) =>
        expect.objectContaining({
          name,
          path: `/simulators/${name}`,
          faults: HEALTHY,
          requests: { total: 0, faulted: 0 },
        }),
      ),
    );
  });

  it.each(SIMULATED)(
    '$name takes faults at PUT /simulators/$name/faults, and they take effect on its API',
    async ({ name, call, ok }) => {
      await call(http()).expect(ok);

      const broken = await http()
        .put(`/simulators/${name}/faults`)
        .send({ errorRate: 1, status: 502 })
        .expect(200);
      expect(broken.body).toMatchObject({
        name,
        faults: { errorRate: 1, status: 502, latencyMs: 0, down: false },
      });
      const failed = await call(http()).expect(502);
      expect(failed.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
      expect(failed.body).toMatchObject({ status: 502 });

      await http()
        .put(`/simulators/${name}/faults`)
        .send({ errorRate: 0, down: true })
        .expect(200);
      await expect(call(http())).rejects.toThrow(/socket hang up|ECONNRESET/);

      await http()
        .put(`/simulators/${name}/faults`)
        .send({ down: false, latencyMs: 150 })
        .expect(200);
      const started = Date.now();
      await call(http()).expect(ok);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);

      const seen = await http().get(`/simulators/${name}`).expect(200);
      expect(seen.body).toMatchObject({
        name,
        faults: { errorRate: 0, status: 502, latencyMs: 150, down: false },
        requests: { total: 4, faulted: 2 },
      });

      await http().post(`/simulators/${name}/reset`).expect(204);
      const reset = await http().get(`/simulators/${name}`).expect(200);
      expect(reset.body).toMatchObject({
        faults: HEALTHY,
        requests: { total: 0, faulted: 0 },
      });
      await call(http()).expect(ok);
    },
  );

  it.each(['product-service', 'payment-service'])(
    'answers bad faults for %s with 400 VALIDATION_FAILED naming each field, and keeps its faults',
    async (name) => {
      const bad = await http()
        .put(`/simulators/${name}/faults`)
        .send({
          errorRate: 2,
          status: 200,
          latencyMs: -1,
          down: 'yes',
          extra: 1,
        })
        .expect(400);
      expect(bad.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
      expect(bad.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(
        (bad.body.errors as { pointer: string }[]).map((e) => e.pointer).sort(),
      ).toEqual(['/down', '/errorRate', '/extra', '/latencyMs', '/status']);
      await http()
        .put(`/simulators/${name}/faults`)
        .send({ errorRate: 0.5, latencyMs: 600_001 })
        .expect(400);
      const kept = await http().get(`/simulators/${name}`).expect(200);
      expect(kept.body.faults).toEqual(HEALTHY);
    },
  );

  it('answers 404 NOT_FOUND for an unknown simulator on every control route', async () => {
    const answers = await Promise.all([
      http().get('/simulators/no-such-service'),
      http().put('/simulators/no-such-service/faults').send({ errorRate: 1 }),
      http().post('/simulators/no-such-service/reset'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(
        /^application\/problem\+json/,
      );
      expect(answer.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
