import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { CircuitBreakerRegistry } from '@nest-resilience/resilience';
import {
  orderBody,
  startFaultyDependenciesApp,
  type FaultyDependenciesApp,
} from './dependency-faults.app.js';

/** The `postgres` breaker's reset timeout in these specs (the shipped one is 20 s). */
const RESET_MS = 3_000;
/** What a hung database may cost an order request with the default database settings. */
const ORDER_BOUND_MS = 3_000;

interface Outcome {
  status: number;
  code?: string;
  retryAfter?: string;
  ms: number;
}

describe('orders while PostgreSQL fails mid-call (default database settings)', () => {
  let t: FaultyDependenciesApp;

  beforeAll(async () => {
    t = await startFaultyDependenciesApp({
      RESILIENCE__POSTGRES__CIRCUIT_BREAKER__RESET_TIMEOUT_MS: String(RESET_MS),
    });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(async () => {
    t.postgres.pass();
    // Each case starts with a closed breaker and a database that answers.
    t.app
      .get(CircuitBreakerRegistry)
      .list()
      .forEach((breaker) => breaker.reset());
    await untilOrderCreated(5_000);
  });

  async function order(): Promise<Outcome> {
    const started = Date.now();
    const response = await request(t.url).post('/orders').send(orderBody());
    return {
      status: response.status,
      code: response.body?.code,
      retryAfter: response.headers['retry-after'],
      ms: Date.now() - started,
    };
  }

  /** `count` orders, `perSecond` a second, each awaited on its own. */
  async function traffic(count: number, perSecond: number): Promise<Outcome[]> {
    const pending: Promise<Outcome>[] = [];
    for (let i = 0; i < count; i++) {
      pending.push(order());
      await sleep(1_000 / perSecond);
    }
    return Promise.all(pending);
  }

  /** Orders every 100 ms until one is created; the time it took. */
  async function untilOrderCreated(withinMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < withinMs) {
      if ((await order()).status === 201) return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`no order was created within ${withinMs} ms`);
  }

  function expectFastDependencyFailures(outcomes: Outcome[]): void {
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
      });
      expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      expect(outcome.ms).toBeLessThan(ORDER_BOUND_MS);
    }
  }

  it('hung at 10 requests a second: every order answers 503 within the bound, none waits for the request timeout, and orders are created again within the reset timeout', async () => {
    expect((await order()).status).toBe(201);
    t.postgres.stall();
    const outcomes = await traffic(40, 10);

    expectFastDependencyFailures(outcomes);

    t.postgres.pass();
    expect(await untilOrderCreated(RESET_MS + 2_000)).toBeLessThan(
      RESET_MS + 2_000,
    );
  });

  it('hung under a burst that exhausts the pool: the requests waiting for a connection get 503 after the acquire timeout, not after the others', async () => {
    t.postgres.stall();
    // Three times the pool: ten hold a hung connection, the rest queue for one.
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => order()),
    );

    expectFastDependencyFailures(outcomes);
  });

  it('refusing connections, and every open one dropped: 503 fast, then orders again once it is back', async () => {
    t.postgres.down();
    const outcomes = await traffic(10, 10);

    expectFastDependencyFailures(outcomes);
    t.postgres.pass();
    expect(await untilOrderCreated(RESET_MS + 2_000)).toBeLessThan(
      RESET_MS + 2_000,
    );
  });

  it('dropping connections mid-call answers 503 or succeeds, never 500', async () => {
    const dropping = (async () => {
      for (let i = 0; i < 5; i++) {
        await sleep(150);
        t.postgres.resetConnections();
      }
    })();
    const outcomes = await traffic(20, 20);
    await dropping;

    for (const outcome of outcomes) {
      expect([201, 503]).toContain(outcome.status);
      expect(outcome.ms).toBeLessThan(ORDER_BOUND_MS);
    }
  });

  it('answering slower than the query timeout: 503 within the bound, and orders again once it is fast', async () => {
    t.postgres.latency(5_000, { direction: 'downstream' });
    const outcomes = await traffic(5, 5);

    expectFastDependencyFailures(outcomes);
  });
});
