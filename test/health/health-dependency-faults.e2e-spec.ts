import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { AlertService } from '@nest-resilience/problem-details';
import { CircuitBreakerRegistry } from '@nest-resilience/resilience';
import {
  orderBody,
  startFaultyDependenciesApp,
  type FaultyDependenciesApp,
} from '../database/dependency-faults.app.js';

/** Readiness must answer within 1.5 s whatever hangs; the slack covers a busy test machine. */
const READINESS_BOUND_MS = 1_500 + 500;
/** `/health` runs more indicators, each under the same 1 s bound, all at once. */
const HEALTH_BOUND_MS = 1_500 + 1_000;

async function timed(path: string, url: string) {
  const started = Date.now();
  const response = await request(url).get(path);
  return { response, ms: Date.now() - started };
}

describe('health routes while a dependency fails mid-call', () => {
  let t: FaultyDependenciesApp;
  let alerts: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    t = await startFaultyDependenciesApp({
      RESILIENCE__POSTGRES__CIRCUIT_BREAKER__RESET_TIMEOUT_MS: '2000',
      RESILIENCE__REDIS__CIRCUIT_BREAKER__RESET_TIMEOUT_MS: '500',
    });
    alerts = vi.spyOn(t.app.get(AlertService), 'raise');
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(async () => {
    t.postgres.pass();
    t.redis.pass();
    t.app
      .get(CircuitBreakerRegistry)
      .list()
      .forEach((breaker) => breaker.reset());
    // Both back before the next case: readiness and Redis up again.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const health = await request(t.url).get('/health');
      if (health.status === 200 && health.body.details.redis.status === 'up')
        return;
      await sleep(100);
    }
    throw new Error('the dependencies did not come back within 5 s');
  });

  it('PostgreSQL hung: readiness answers 503 within 1.5 s, /health says the database is down within its bound, liveness stays up, and readiness is back once the database is', async () => {
    t.postgres.stall();

    const ready = await timed('/health/readiness', t.url);
    expect(ready.ms).toBeLessThan(READINESS_BOUND_MS);
    expect(ready.response.status).toBe(503);
    expect(ready.response.body).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      status: 503,
    });
    expect(ready.response.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(Number(ready.response.headers['retry-after'])).toBeGreaterThan(0);
    expect(ready.response.body.health.details.database.status).toBe('down');

    const health = await timed('/health', t.url);
    expect(health.ms).toBeLessThan(HEALTH_BOUND_MS);
    expect(health.response.status).toBe(503);
    const details = health.response.body.health.details;
    expect(details.database.status).toBe('down');
    // Every check is reported, with how long it took, even those stuck on the database.
    for (const [key, check] of Object.entries<{
      status: string;
      responseTime?: number;
    }>(details)) {
      expect(check.responseTime, key).toBeLessThan(HEALTH_BOUND_MS);
    }

    const live = await timed('/health/liveness', t.url);
    expect(live.response.status).toBe(200);

    t.postgres.pass();
    const back = Date.now();
    while ((await request(t.url).get('/health/readiness')).status !== 200) {
      expect(Date.now() - back).toBeLessThan(3_000);
      await sleep(100);
    }
  });

  it('a failing readiness probe logs one concise line: no health dump, no stack, no alert', async () => {
    t.postgres.stall();
    const before = t.logger.lines.length;
    const raised = alerts.mock.calls.length;

    const ready = await request(t.url).get('/health/readiness');
    expect(ready.status).toBe(503);
    // The breaker and pool may log their own state changes; the probe adds exactly one line.
    await sleep(200);
    const probeLines = t.logger.lines
      .slice(before)
      .filter((line) => line.text.includes('/health/readiness'));

    expect(probeLines).toHaveLength(1);
    expect(probeLines[0]).toMatchObject({ level: 'warn' });
    expect(probeLines[0]?.stack).toBeUndefined();
    expect(probeLines[0]?.text).toMatch(/database \(/);
    expect(probeLines[0]?.text.length).toBeLessThan(400);
    expect(t.logger.find('Health Check has failed')).toEqual([]);
    expect(alerts.mock.calls.length).toBe(raised);
  });

  it('Redis hung: orders are still created quickly, /health says Redis is degraded within its bound, readiness stays up', async () => {
    t.redis.stall();

    const started = Date.now();
    const created = await request(t.url).post('/orders').send(orderBody());
    expect(created.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1_500);

    const health = await timed('/health', t.url);
    expect(health.ms).toBeLessThan(HEALTH_BOUND_MS);
    expect(health.response.status).toBe(200);
    expect(health.response.body.details.redis.status).toBe('degraded');

    const ready = await timed('/health/readiness', t.url);
    expect(ready.response.status).toBe(200);
    expect(ready.ms).toBeLessThan(READINESS_BOUND_MS);
  });

  it('Redis refusing connections and dropping the open ones: orders still created, Redis degraded, then up again once it is back', async () => {
    t.redis.down();

    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const created = await request(t.url).post('/orders').send(orderBody());
      expect(created.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(1_500);
    }
    const health = await timed('/health', t.url);
    expect(health.response.status).toBe(200);
    expect(health.response.body.details.redis.status).toBe('degraded');
    expect(health.ms).toBeLessThan(HEALTH_BOUND_MS);
    // afterEach waits for Redis to be reported up again, within 5 s of pass().
  });
});
