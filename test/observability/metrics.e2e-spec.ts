import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { connectMessaging } from '../../src/messaging/messaging-microservices.connector.js';
import { startTestApp } from '../support/test-app.js';

const ADMIN_TOKEN = 'metrics-e2e-admin-token-0123456789';
const METRICS_TOKEN = 'metrics-e2e-scrape-token-0123456789';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

// The app runs embedded whatever the machine's environment says: its own SQLite file,
// in-memory state, the in-process broker, the built-in simulators.
const DROPPED =
  /^(DATABASE_URL|DATABASE_SCHEMA|DATABASE_SQLITE_PATH|REDIS_URL|RABBITMQ_URL|NATS_URL|.*_SERVICE_URL|ADMIN_.*|METRICS_.*|RATE_LIMIT_PER_MINUTE)$/;

/** Every family the README lists, with its type. */
const FAMILIES = {
  resilience_circuit_state: 'gauge',
  resilience_circuit_transitions_total: 'counter',
  resilience_calls_total: 'counter',
  resilience_call_duration_seconds: 'histogram',
  resilience_retries_total: 'counter',
  resilience_fallbacks_total: 'counter',
  resilience_bulkhead_active: 'gauge',
  resilience_bulkhead_queued: 'gauge',
  resilience_bulkhead_rejections_total: 'counter',
  resilience_dead_letters: 'gauge',
  resilience_messages_total: 'counter',
  resilience_outbox_pending: 'gauge',
  resilience_outbox_oldest_age_seconds: 'gauge',
  http_server_requests_seconds: 'histogram',
} as const;

/** A running app on its own SQLite file. */
interface MetricsTestApp {
  app: NestExpressApplication;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

async function startApp(
  env: Record<string, string> = {},
): Promise<MetricsTestApp> {
  const saved = { ...process.env };
  const folder = mkdtempSync(join(tmpdir(), 'metrics-e2e-'));
  process.env = {
    ...Object.fromEntries(
      Object.entries(saved).filter(([name]) => !DROPPED.test(name)),
    ),
    DATABASE_SQLITE_PATH: join(folder, 'app.sqlite'),
    ADMIN_TOKEN,
    // Failing product calls retry within milliseconds, not seconds.
    RESILIENCE__PRODUCT_SERVICE__RETRY__BASE_DELAY_MS: '5',
    RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_DELAY_MS: '10',
    ...env,
  };
  try {
    const app = await startTestApp(AppModule, {
      listen: true,
      beforeInit: (created) => connectMessaging(created),
      startMicroservices: true,
    });
    return {
      app,
      http: () => request(app.getHttpServer()),
      close: async () => {
        await app.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } finally {
    process.env = saved;
  }
}

/** The value of the sample `name{labels}` in a text exposition, if there is one. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const same =
      Object.keys(found).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => found[key] === value);
    if (same) return Number(match[3]);
  }
  return undefined;
}

/** Scrapes until `ready` holds for the text (the backlog gauges are read every few seconds). */
async function scrapeUntil(
  t: MetricsTestApp,
  ready: (text: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { text } = await t.http().get('/metrics').expect(200);
    if (ready(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('GET /metrics of the application', () => {
  let t: MetricsTestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the Prometheus text format: every documented family, and the process metrics', async () => {
    const response = await t.http().get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(
      /^text\/plain; version=0\.0\.4; charset=utf-8$/,
    );
    for (const [name, type] of Object.entries(FAMILIES)) {
      expect(response.text, name).toContain(`# TYPE ${name} ${type}\n`);
    }
    expect(response.text).toContain('# TYPE process_cpu_user_seconds_total');
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
    // Every breaker is reported from the start, closed.
    expect(
      sample(response.text, 'resilience_circuit_state', {
        service: 'product-service',
      }),
    ).toBe(0);
  });

  it('shows the retries, fallbacks and opened breaker of orders placed while the product service fails, labelled by route template and service, never by id', async () => {
    await t
      .http()
      .put('/simulators/product-service/faults')
      .send({ errorRate: 1 })
      .expect(200);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const order = await t
          .http()
          .post('/orders')
          .send({
            customerId: `customer-${i}-${Date.now()}`,
            products: [{ productId: 'product-1', quantity: 1 }],
            shippingAddress: {
              street: '1 Main Street',
              city: 'Springfield',
              state: 'IL',
              zipCode: '62701',
              country: 'US',
            },
          })
          .expect(201);
        expect(order.body.requiresManualReview).toBe(true);
        ids.push(order.body.id as string);
      }
    } finally {
      await t
        .http()
        .put('/simulators/product-service/faults')
        .send({ errorRate: 0 })
        .expect(200);
    }
    await t.http().get(`/orders/${ids[0]}`).expect(200);
    await t
      .http()
      .get('/orders/00000000-0000-4000-8000-000000000000')
      .expect(404);

    // The orders' events travel through the outbox to the in-process consumer meanwhile.
    const text = await scrapeUntil(
      t,
      (body) =>
        (sample(body, 'resilience_messages_total', {
          transport: 'in-process',
          queue: 'orders.events',
          outcome: 'handled',
        }) ?? 0) >= 1,
    );
    const product = { service: 'product-service' };

    expect(sample(text, 'resilience_circuit_state', product)).toBe(2);
    expect(
      sample(text, 'resilience_circuit_transitions_total', {
        ...product,
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
    expect(sample(text, 'resilience_retries_total', product)).toBeGreaterThan(
      0,
    );
    expect(
      sample(text, 'resilience_fallbacks_total', {
        ...product,
        source: 'function',
      }),
    ).toBe(6);
    expect(
      sample(text, 'resilience_calls_total', {
        ...product,
        outcome: 'fallback',
      }),
    ).toBe(6);
    expect(
      sample(text, 'resilience_call_duration_seconds_count', product),
    ).toBe(6);
    expect(
      sample(text, 'http_server_requests_seconds_count', {
        method: 'POST',
        route: '/orders',
        status: '201',
      }),
    ).toBe(6);
    expect(
      sample(text, 'http_server_requests_seconds_count', {
        method: 'GET',
        route: '/orders/:id',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sample(text, 'http_server_requests_seconds_count', {
        method: 'GET',
        route: '/orders/:id',
        status: '404',
      }),
    ).toBe(1);
    expect(
      sample(text, 'resilience_messages_total', {
        transport: 'in-process',
        queue: 'orders.events',
        outcome: 'handled',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'resilience_outbox_pending', {}),
    ).toBeGreaterThanOrEqual(0);
    // No label carries an id: no order id, no customer id, no raw path.
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain('customer-');
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');

    await t
      .http()
      .post('/admin/resilience/breakers/product-service/close')
      .set(admin)
      .expect(200);
    const closed = await t.http().get('/metrics').expect(200);
    expect(sample(closed.text, 'resilience_circuit_state', product)).toBe(0);
    expect(
      sample(closed.text, 'resilience_circuit_transitions_total', {
        ...product,
        from: 'open',
        to: 'closed',
      }),
    ).toBe(1);
  });

  it('counts a request no route matched under one label, whatever its path', async () => {
    await t.http().get('/no/such/route/12345').expect(404);

    const { text } = await t.http().get('/metrics').expect(200);

    expect(
      sample(text, 'http_server_requests_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('12345');
  });

  it('reports the dead letters by status and category, read from the database', async () => {
    await t
      .http()
      .post('/admin/dlq/messages')
      .set(admin)
      .send({
        source: 'billing-queue',
        destination: 'http://127.0.0.1:9/unused',
        pattern: 'invoice.created',
        payload: { invoiceId: 'inv-1' },
        error: {
          code: 'UPSTREAM_UNAVAILABLE',
          message: 'billing refused the connection',
          category: 'TRANSIENT',
        },
      })
      .expect(201);

    const text = await scrapeUntil(
      t,
      (body) =>
        sample(body, 'resilience_dead_letters', {
          status: 'PENDING',
          category: 'TRANSIENT',
        }) === 1,
    );

    expect(
      sample(text, 'resilience_dead_letters', {
        status: 'PENDING',
        category: 'TRANSIENT',
      }),
    ).toBe(1);
    expect(text).not.toContain('inv-1');
  });
});

describe('GET /metrics with METRICS_TOKEN, and outside the rate limit', () => {
  let t: MetricsTestApp;

  beforeAll(async () => {
    t = await startApp({
      METRICS_TOKEN,
      RATE_LIMIT_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 in the envelope, with a Bearer challenge, without the token or with a wrong one', async () => {
    const without = await t.http().get('/metrics').expect(401);
    expect(without.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(without.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(without.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(without.text).not.toContain('resilience_');

    const wrong = await t
      .http()
      .get('/metrics')
      .set({ Authorization: 'Bearer not-the-metrics-token-at-all' })
      .expect(401);
    expect(wrong.headers['www-authenticate']).toBe(
      'Bearer realm="metrics", error="invalid_token"',
    );
  });

  it('serves the metrics with the token, however often it is scraped, while other routes are limited', async () => {
    for (let i = 0; i < 6; i++) {
      const response = await t
        .http()
        .get('/metrics')
        .set({ Authorization: `Bearer ${METRICS_TOKEN}` })
        .expect(200);
      expect(response.text).toContain('# TYPE resilience_calls_total counter');
    }
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await t.http().get('/health/liveness')).status);
    }
    expect(statuses).toContain(429);
  });
});

describe('GET /metrics with METRICS_ENABLED=false', () => {
  it('answers 404 NOT_FOUND and keeps no metrics', async () => {
    const t = await startApp({ METRICS_ENABLED: 'false' });
    try {
      const response = await t.http().get('/metrics').expect(404);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    } finally {
      await t.close();
    }
  });
});
