import { Controller, Get, Injectable, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import axios from 'axios';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import {
  AttemptSignal,
  CircuitBreaker,
  CircuitBreakerRegistry,
  CircuitState,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { startTestApp } from '../support/test-app.js';

const SERVICE = 'quote-service';
const MAX_DELAY_MS = 2000;

/** Where the stub upstream listens; set before the app starts. */
const upstream = { url: '' };

/** When each attempt on the upstream started and, if it failed, when its failure came back. */
interface AttemptTiming {
  startedAt: number;
  failedAt?: number;
}

/** The client of the rate-limited upstream, with no fallback: its failures reach the route. */
@Injectable()
class QuoteClient {
  readonly attempts: AttemptTiming[] = [];

  @Retry(SERVICE)
  @CircuitBreaker(SERVICE)
  async quote(@AttemptSignal() signal?: AbortSignal): Promise<unknown> {
    const timing: AttemptTiming = { startedAt: performance.now() };
    this.attempts.push(timing);
    try {
      const response = await axios.get(`${upstream.url}/quote`, { signal });
      return response.data;
    } catch (error) {
      timing.failedAt = performance.now();
      throw error;
    }
  }
}

@Controller('quotes')
class QuoteController {
  constructor(private readonly client: QuoteClient) {}

  @Get()
  quote(): Promise<unknown> {
    return this.client.quote();
  }
}

/**
 * Three attempts a call, 10 ms apart unless the upstream asks for longer, up to 2 s; a breaker
 * that opens on three counted failures in a row, so a 429 counted as one would show at once.
 */
@Module({
  imports: [
    ResilienceModule.forRoot({
      settings: loadResilienceSettings({
        config: {
          services: {
            [SERVICE]: {
              circuitBreaker: {
                timeoutMs: 5000,
                errorThresholdPercentage: 50,
                volumeThreshold: 4,
                failureThreshold: 3,
                resetTimeoutMs: 60_000,
              },
              retry: {
                maxAttempts: 3,
                backoff: 'fixed',
                baseDelayMs: 10,
                maxDelayMs: MAX_DELAY_MS,
                jitter: 'none',
                respectRetryAfter: true,
              },
            },
          },
        },
      }),
    }),
    ProblemDetailsModule.forRoot({ global: true }),
  ],
  controllers: [QuoteController],
  providers: [QuoteClient],
})
class QuoteModule {}

describe("an upstream's Retry-After, end to end", () => {
  let stub: StubHttpServer;
  let app: INestApplication;
  let client: QuoteClient;
  let registry: CircuitBreakerRegistry;
  let http: () => ReturnType<typeof request>;

  beforeAll(async () => {
    stub = await StubHttpServer.start();
    upstream.url = stub.url;
    app = await startTestApp(QuoteModule);
    client = app.get(QuoteClient);
    registry = app.get(CircuitBreakerRegistry);
    http = () => request(app.getHttpServer() as App);
  });

  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  beforeEach(() => {
    stub.reset();
    client.attempts.length = 0;
    registry.get(SERVICE)?.reset();
  });

  it('longer than maxDelayMs: one upstream call, then 429 UPSTREAM_RATE_LIMITED with at least that Retry-After', async () => {
    stub
      .on('GET', '/quote')
      .reply({ status: 429, headers: { 'Retry-After': '30' } });

    const res = await http().get('/quotes');

    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 429,
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(30);
    // No retry at all: not after the 2 s cap, let alone sooner than the 30 s asked for.
    expect(stub.count('GET', '/quote')).toBe(1);
    expect(client.attempts).toHaveLength(1);
  });

  it('an HTTP-date Retry-After is read the same way', async () => {
    const in45s = new Date(Date.now() + 45_000).toUTCString();
    stub
      .on('GET', '/quote')
      .reply({ status: 429, headers: { 'Retry-After': in45s } });

    const res = await http().get('/quotes');

    expect(res.status).toBe(429);
    // The date has whole seconds, so up to a second of the 45 may already be gone.
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(44);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(45);
    expect(stub.count('GET', '/quote')).toBe(1);
  });

  it('keeps the breaker closed through many 429s, which it counts neither way', async () => {
    stub
      .on('GET', '/quote')
      .reply({ status: 429, headers: { 'Retry-After': '30' } });

    for (let i = 0; i < 12; i++) {
      expect((await http().get('/quotes')).status).toBe(429);
    }

    const breaker = registry.get(SERVICE)!;
    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    expect(breaker.stats()).toMatchObject({
      consecutiveFailures: 0,
      window: { calls: 0, failures: 0 },
      totals: { calls: 12, excludedCalls: 12, failures: 0, successes: 0 },
    });
    expect(stub.count('GET', '/quote')).toBe(12);

    // The breaker is live: one call whose three attempts fail with a 500 opens it.
    stub.on('GET', '/quote').reply({ status: 500 });
    expect((await http().get('/quotes')).status).toBe(502);
    expect(breaker.currentState).toBe(CircuitState.OPEN);
  });

  it('an upstream 503 asking for longer than maxDelayMs: one call, then 503 with its Retry-After', async () => {
    stub
      .on('GET', '/quote')
      .reply({ status: 503, headers: { 'Retry-After': '20' } });

    const res = await http().get('/quotes');

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: true,
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(20);
    expect(stub.count('GET', '/quote')).toBe(1);
  });

  it('within maxDelayMs: waits the whole second asked for, then retries and succeeds', async () => {
    stub
      .on('GET', '/quote')
      .replyOnce({ status: 429, headers: { 'Retry-After': '1' } })
      .reply({ status: 200, body: { price: 42 } });

    const res = await http().get('/quotes');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ price: 42 });
    expect(stub.count('GET', '/quote')).toBe(2);
    const [first, second] = client.attempts;
    const waitedMs = second.startedAt - first.failedAt!;
    expect(waitedMs).toBeGreaterThanOrEqual(1000);
    expect(waitedMs).toBeLessThan(MAX_DELAY_MS + 1000);
  });
});
