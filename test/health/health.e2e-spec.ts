import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CircuitBreakerRegistry } from '@nest-resilience/resilience';
import { AppModule } from '../../src/app.module.js';
import { startTestApp } from '../support/test-app.js';

describe('health routes of the application', () => {
  const saved = { ...process.env };
  const folder = mkdtempSync(join(tmpdir(), 'health-e2e-'));
  let app: INestApplication;
  let registry: CircuitBreakerRegistry;

  beforeAll(async () => {
    const { DATABASE_URL: _unset, REDIS_URL: _noRedis, ...rest } = saved;
    process.env = { ...rest, DATABASE_SQLITE_PATH: join(folder, 'app.sqlite') };
    app = await startTestApp(AppModule);
    registry = app.get(CircuitBreakerRegistry);
  });

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    rmSync(folder, { recursive: true, force: true });
  });

  afterEach(() => registry.list().forEach((breaker) => breaker.reset()));

  it('reports every check with its status and the overall status', async () => {
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(Object.keys(health.body.details)).toEqual(
      expect.arrayContaining(['breakers', 'deadLetterQueue', 'memory_heap']),
    );
    for (const check of Object.values<{ status: string }>(
      health.body.details,
    )) {
      expect(check.status).toBe('up');
    }
  });

  it('says degraded, still 200, while a non-critical breaker is open', async () => {
    registry.getOrCreate('product-service').open();
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.breakers.open).toEqual(['product-service']);
    expect(health.body.details.breakers.breakers['product-service'].state).toBe(
      'OPEN',
    );
    const ready = await request(app.getHttpServer()).get('/health/readiness');
    expect(ready.status).toBe(200);
  });

  it('fails readiness with the envelope and every check when a critical breaker is open, liveness stays up', async () => {
    registry.getOrCreate('postgres').open();
    const ready = await request(app.getHttpServer()).get('/health/readiness');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(ready.body).toMatchObject({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
    });
    expect(ready.body.health.status).toBe('error');
    expect(ready.body.health.details.breakers.status).toBe('down');
    expect(ready.body.health.details.breakers.breakers.postgres.critical).toBe(
      true,
    );

    const live = await request(app.getHttpServer()).get('/health/liveness');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
  });
});
