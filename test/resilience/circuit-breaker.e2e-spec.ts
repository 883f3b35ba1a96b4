import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import {
  ClientProxyFactory,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import type { AddressInfo, Server } from 'node:net';
import {
  CircuitBreakerRegistry,
  CircuitState,
  isCircuitOpenError,
  isDegraded,
} from '@nest-resilience/resilience';
import { connectResilientMicroservice } from '@nest-resilience/problem-details';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { startTestApp } from '../support/test-app.js';
import {
  downstream,
  DownstreamClient,
  guardedModule,
  writeStubConfig,
} from './guarded-stub.fixture.js';

const ADMIN = { Authorization: 'Bearer admin-token-0123456789' };
const RESET_MS = 400;

describe('circuit breaker, end to end through a real HTTP downstream', () => {
  let stub: StubHttpServer;
  let app: INestApplication;
  let rpc: ClientProxy;
  let registry: CircuitBreakerRegistry;

  beforeAll(async () => {
    stub = await StubHttpServer.start();
    downstream.url = stub.url;
    let microservice: INestMicroservice | undefined;
    app = await startTestApp(guardedModule(writeStubConfig()), {
      beforeInit: (created) => {
        microservice = connectResilientMicroservice(created, {
          transport: Transport.TCP,
          options: { host: '127.0.0.1', port: 0 },
        });
      },
      startMicroservices: true,
    });
    const { port } = microservice!.unwrap<Server>().address() as AddressInfo;
    rpc = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    registry = app.get(CircuitBreakerRegistry);
  });

  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    await stub?.close();
  });

  beforeEach(() => stub.reset());

  it('on a provider method: opens after the volume, fails fast, probes once after the reset, closes on success', async () => {
    const client = app.get(DownstreamClient);
    stub.on('GET', '/provider').reply({ status: 500 });

    // 2 calls x 2 attempts: the breaker sees every attempt, and the 4th failure reaches the volume.
    for (let i = 0; i < 2; i++) {
      await expect(client.fetch('/provider')).rejects.toThrow();
    }
    expect(stub.count('GET', '/provider')).toBe(4);
    expect(registry.get('provider-downstream')?.currentState).toBe(
      CircuitState.OPEN,
    );

    // Open: rejected without reaching the downstream, and not retried.
    const rejection = await client
      .fetch('/provider')
      .catch((error: unknown) => error);
    expect(isCircuitOpenError(rejection)).toBe(true);
    expect(
      (rejection as { retryAfterMs: number }).retryAfterMs,
    ).toBeGreaterThan(0);
    expect(
      (rejection as { retryAfterMs: number }).retryAfterMs,
    ).toBeLessThanOrEqual(RESET_MS);
    expect(stub.count('GET', '/provider')).toBe(4);

    // After the reset timeout one probe goes through; its success closes the circuit.
    await sleep(RESET_MS + 50);
    stub.on('GET', '/provider').reply({ status: 200, body: { ok: true } });
    await expect(client.fetch('/provider')).resolves.toEqual({ ok: true });
    expect(stub.count('GET', '/provider')).toBe(5);
    expect(registry.get('provider-downstream')?.currentState).toBe(
      CircuitState.CLOSED,
    );
    await expect(client.fetch('/provider')).resolves.toEqual({ ok: true });
  });

  it('on a provider method with a fallback: serves the last good result, marked degraded, once everything failed', async () => {
    const client = app.get(DownstreamClient);
    registry.get('provider-downstream')?.reset();
    stub
      .on('GET', '/cached')
      .replyOnce({ status: 200, body: { cached: true } });
    stub.on('GET', '/cached').reply({ status: 503 });

    const fresh = await client.fetchOrFallback('/cached');
    expect(fresh).toEqual({ cached: true });
    expect(isDegraded(fresh)).toBe(false);

    const stale = await client.fetchOrFallback('/cached');
    expect(stale).toEqual({ cached: true });
    expect(isDegraded(stale)).toBe(true);
    // The first call, then both attempts of the second: the fallback ran after the retry, once.
    expect(stub.count('GET', '/cached')).toBe(3);
    expect(registry.get('provider-downstream')?.stats().totals.fallbacks).toBe(
      1,
    );
  });

  it('on a controller route: the same cycle, with 503 CIRCUIT_OPEN and Retry-After while open', async () => {
    stub.on('GET', '/route').reply({ status: 500 });
    const http = request(app.getHttpServer());

    for (let i = 0; i < 2; i++) {
      const failed = await http.get('/guarded');
      expect(failed.status).toBe(502);
      expect(failed.body.code).toBe('UPSTREAM_ERROR');
    }
    expect(stub.count('GET', '/route')).toBe(4);

    const open = await http.get('/guarded');
    expect(open.status).toBe(503);
    expect(open.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(open.body.code).toBe('CIRCUIT_OPEN');
    expect(Number(open.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(stub.count('GET', '/route')).toBe(4);

    const state = await http
      .get('/admin/resilience/breakers/route-downstream')
      .set(ADMIN);
    expect(state.status).toBe(200);
    expect(state.body.state).toBe('OPEN');
    expect(state.body.totals.rejections).toBe(1);

    await sleep(RESET_MS + 50);
    stub.on('GET', '/route').reply({ status: 200, body: { route: 'ok' } });
    const probe = await http.get('/guarded');
    expect(probe.status).toBe(200);
    expect(probe.body).toEqual({ route: 'ok' });
    expect(stub.count('GET', '/route')).toBe(5);
    expect(registry.get('route-downstream')?.currentState).toBe(
      CircuitState.CLOSED,
    );
  });

  it('on a microservice handler: the same cycle over TCP, the open circuit answered with the envelope', async () => {
    stub.on('GET', '/rpc').reply({ status: 500 });
    const send = () => firstValueFrom(rpc.send('guarded', {}));

    for (let i = 0; i < 2; i++) {
      await expect(send()).rejects.toMatchObject({
        code: 'UPSTREAM_ERROR',
        status: 502,
      });
    }
    expect(stub.count('GET', '/rpc')).toBe(4);

    await expect(send()).rejects.toMatchObject({
      code: 'CIRCUIT_OPEN',
      status: 503,
    });
    expect(stub.count('GET', '/rpc')).toBe(4);

    await sleep(RESET_MS + 50);
    stub.on('GET', '/rpc').reply({ status: 200, body: { rpc: 'ok' } });
    await expect(send()).resolves.toEqual({ rpc: 'ok' });
    expect(stub.count('GET', '/rpc')).toBe(5);
    expect(registry.get('rpc-downstream')?.currentState).toBe(
      CircuitState.CLOSED,
    );
  });

  it('lets operators force a breaker open and closed, readers only look', async () => {
    const http = request(app.getHttpServer());
    const reader = { Authorization: 'Bearer reader-token-0123456789' };

    expect((await http.get('/admin/resilience/breakers')).status).toBe(401);
    expect(
      (
        await http
          .get('/admin/resilience/breakers')
          .set({ Authorization: 'Bearer nope' })
      ).status,
    ).toBe(401);
    const list = await http.get('/admin/resilience/breakers').set(reader);
    expect(list.status).toBe(200);
    expect(list.body.breakers.map((b: { name: string }) => b.name)).toContain(
      'route-downstream',
    );
    expect(
      (
        await http
          .post('/admin/resilience/breakers/route-downstream/open')
          .set(reader)
      ).status,
    ).toBe(403);

    const opened = await http
      .post('/admin/resilience/breakers/route-downstream/open')
      .set(ADMIN);
    expect(opened.status).toBe(200);
    expect(opened.body.state).toBe('OPEN');
    expect((await http.get('/guarded')).status).toBe(503);

    const closed = await http
      .post('/admin/resilience/breakers/route-downstream/reset')
      .set(ADMIN);
    expect(closed.body.state).toBe('CLOSED');
    stub.on('GET', '/route').reply({ status: 200, body: { route: 'ok' } });
    expect((await http.get('/guarded')).status).toBe(200);

    const missing = await http
      .get('/admin/resilience/breakers/no-such')
      .set(ADMIN);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });
});
