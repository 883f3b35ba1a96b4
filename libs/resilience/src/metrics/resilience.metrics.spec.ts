import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { Bulkhead } from '../decorators/bulkhead.decorator.js';
import { CircuitBreaker } from '../decorators/circuit-breaker.decorator.js';
import { Fallback } from '../decorators/fallback.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { isBulkheadFullError } from '../errors/bulkhead-full.error.js';
import { isCircuitOpenError } from '../errors/circuit-open.error.js';
import { isTimeoutError } from '../errors/timeout.error.js';
import { ResilienceEvents } from '../events/resilience.events.js';
import { ResilienceTestingModule } from '../testing/resilience-testing.module.js';
import { ResilienceMetricsModule } from './resilience-metrics.module.js';
import { ResilienceMetrics } from './resilience.metrics.js';

function unavailable(): Error {
  return Object.assign(new Error('connect ECONNREFUSED'), {
    code: 'ECONNREFUSED',
  });
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

@Injectable()
class PriceClient {
  failuresLeft = 0;
  /** Opens for each call of `held`; `held` waits until it is called. */
  gates: Array<() => void> = [];

  @Fallback({ value: { price: 0 } })
  @Retry('prices')
  @CircuitBreaker('prices')
  async price(): Promise<{ price: number }> {
    if (this.failuresLeft-- > 0) throw unavailable();
    return { price: 42 };
  }

  /** The same breaker, without a fallback: a refusal reaches the caller. */
  @CircuitBreaker('prices')
  async priceOrFail(): Promise<number> {
    return 42;
  }

  @CircuitBreaker('ledger', { timeoutMs: 300 })
  async ledger(mode: 'ok' | 'fail' | 'hang'): Promise<string> {
    if (mode === 'fail') throw new RangeError('no such account');
    if (mode === 'hang') await sleep(1_000);
    return 'balance';
  }

  @Bulkhead('stock')
  async held(): Promise<string> {
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return 'reserved';
  }
}

type Labels = Record<string, string | number>;

/** The value of the sample of `name` (a histogram's `_count`, `_sum` or `_bucket` too) with `labels`. */
async function sample(
  registry: Registry,
  name: string,
  labels: Labels,
): Promise<number | undefined> {
  const family = name.replace(/_(bucket|sum|count)$/, '');
  const metric = registry.getSingleMetric(
    registry.getSingleMetric(name) ? name : family,
  );
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find(
    (value) =>
      ((value as { metricName?: string }).metricName ?? name) === name &&
      Object.entries(labels).every(
        ([key, expected]) =>
          String((value.labels as Labels)[key]) === String(expected),
      ) &&
      Object.keys(value.labels).length === Object.keys(labels).length,
  );
  return found?.value;
}

describe('ResilienceMetrics', () => {
  let moduleRef: TestingModule;
  let client: PriceClient;
  let registry: Registry;
  const value = (name: string, labels: Labels) =>
    sample(registry, `resilience_${name}`, labels);

  beforeEach(async () => {
    registry = new Registry();
    moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceTestingModule.forRoot({
          services: {
            prices: {
              retry: { maxAttempts: 3 },
              circuitBreaker: { volumeThreshold: 3, resetTimeoutMs: 60_000 },
            },
            ledger: {},
            stock: { bulkhead: { maxConcurrent: 1, maxQueue: 1 } },
          },
        }),
        ResilienceMetricsModule.forRoot({ registry, defaultMetrics: false }),
      ],
      providers: [PriceClient],
    }).compile();
    await moduleRef.init();
    client = moduleRef.get(PriceClient);
  });

  afterEach(() => moduleRef.close());

  it('reports each breaker closed from the start; one opening sets its state to 2 and counts the transition', async () => {
    expect(await value('circuit_state', { service: 'prices' })).toBe(0);
    expect(await value('circuit_state', { service: 'ledger' })).toBe(0);

    client.failuresLeft = Infinity;
    await expect(client.price()).resolves.toEqual({ price: 0 });

    expect(await value('circuit_state', { service: 'prices' })).toBe(2);
    expect(
      await value('circuit_transitions_total', {
        service: 'prices',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
  });

  it('counts retries and fallbacks, and the outcome of each call as its caller saw it', async () => {
    client.failuresLeft = 1;
    await client.price();
    expect(await value('retries_total', { service: 'prices' })).toBe(1);
    expect(
      await value('calls_total', { service: 'prices', outcome: 'success' }),
    ).toBe(1);

    client.failuresLeft = Infinity;
    // Its first attempt fails and opens the circuit (2 failures in 3 calls); the retry's
    // second attempt is refused, which ends the retries; the fallback serves.
    await client.price();
    await client.price(); // refused by the open circuit, the fallback serves
    const refused = await client.priceOrFail().catch((error: unknown) => error);

    expect(isCircuitOpenError(refused)).toBe(true);
    expect(await value('retries_total', { service: 'prices' })).toBe(2);
    expect(
      await value('fallbacks_total', { service: 'prices', source: 'value' }),
    ).toBe(2);
    expect(
      await value('calls_total', { service: 'prices', outcome: 'fallback' }),
    ).toBe(2);
    expect(
      await value('calls_total', {
        service: 'prices',
        outcome: 'short_circuited',
      }),
    ).toBe(1);
    expect(
      await value('calls_total', { service: 'prices', outcome: 'failure' }),
    ).toBe(0);
    expect(
      await value('call_duration_seconds_count', { service: 'prices' }),
    ).toBe(4);
  });

  it('tells successes, failures and timeouts apart, and buckets their durations', async () => {
    await client.ledger('ok');
    await expect(client.ledger('fail')).rejects.toThrow(RangeError);
    const timedOut = await client.ledger('hang').catch((error) => error);
    expect(isTimeoutError(timedOut)).toBe(true);

    for (const outcome of ['success', 'failure', 'timeout']) {
      expect(
        await value('calls_total', { service: 'ledger', outcome }),
        outcome,
      ).toBe(1);
    }
    const count = (le: number | string) =>
      value('call_duration_seconds_bucket', { service: 'ledger', le });
    expect(
      await value('call_duration_seconds_count', { service: 'ledger' }),
    ).toBe(3);
    expect(await count('+Inf')).toBe(3);
    // The timed-out call waited its 300 ms; the two others answered at once.
    expect(await count(0.25)).toBe(2);
    expect(await count(0.5)).toBeGreaterThanOrEqual(2);
    expect(await count(30)).toBe(3);
    const sum = await value('call_duration_seconds_sum', { service: 'ledger' });
    expect(sum).toBeGreaterThanOrEqual(0.29);
    expect(sum).toBeLessThan(5);
  });

  it('follows the load of a bulkhead and counts its refusals', async () => {
    const first = client.held();
    const second = client.held();
    const refused = await client.held().catch((error: unknown) => error);

    expect(isBulkheadFullError(refused)).toBe(true);
    expect(await value('bulkhead_active', { service: 'stock' })).toBe(1);
    expect(await value('bulkhead_queued', { service: 'stock' })).toBe(1);
    expect(await value('bulkhead_rejections_total', { service: 'stock' })).toBe(
      1,
    );
    expect(
      await value('calls_total', { service: 'stock', outcome: 'rejected' }),
    ).toBe(1);

    client.gates.shift()!();
    await first;
    expect(await value('bulkhead_active', { service: 'stock' })).toBe(1);
    expect(await value('bulkhead_queued', { service: 'stock' })).toBe(0);
    await sleep(0);
    client.gates.shift()!();
    await second;
    expect(await value('bulkhead_active', { service: 'stock' })).toBe(0);
    expect(
      await value('calls_total', { service: 'stock', outcome: 'success' }),
    ).toBe(2);
  });

  it('renders the text format with the documented names, and stops listening when the module closes', async () => {
    await client.ledger('ok');
    const metrics = moduleRef.get(ResilienceMetrics);
    const text = await metrics.metrics();

    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE resilience_calls_total counter');
    expect(text).toContain(
      'resilience_calls_total{service="ledger",outcome="success"} 1',
    );
    expect(text).toContain('# TYPE resilience_call_duration_seconds histogram');
    expect(text).toMatch(
      /resilience_call_duration_seconds_bucket\{service="ledger",le="\+Inf"\} 1/,
    );
    expect(text).toContain('resilience_circuit_state{service="prices"} 0');
    // Not asked for here: no process metrics.
    expect(text).not.toContain('process_cpu');

    metrics.onModuleDestroy();
    await client.ledger('ok');
    expect(
      await value('calls_total', { service: 'ledger', outcome: 'success' }),
    ).toBe(1);
  });
});

describe('ResilienceMetrics without Nest', () => {
  it('takes a prefix, collects the default process metrics unless told not to, and never touches the global registry', async () => {
    const { register } = await import('prom-client');
    const before = (await register.getMetricsAsJSON()).length;
    const registry = new Registry();
    const events = new ResilienceEvents();

    await ResilienceMetrics.create(events, { registry, prefix: 'shop_' });
    events.emit({
      kind: 'call',
      service: 'payments',
      site: 'PaymentClient.charge',
      outcome: 'timeout',
      durationMs: 1500,
    });
    const text = await registry.metrics();

    expect(text).toContain(
      'shop_calls_total{service="payments",outcome="timeout"} 1',
    );
    expect(text).toMatch(
      /shop_call_duration_seconds_bucket\{service="payments",le="2\.5"\} 1/,
    );
    expect(text).toMatch(
      /shop_call_duration_seconds_bucket\{service="payments",le="1"\} 0/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain('resilience_');
    expect((await register.getMetricsAsJSON()).length).toBe(before);
  });

  it('turned off, listens to nothing and registers nothing', async () => {
    const registry = new Registry();
    const events = new ResilienceEvents();

    const metrics = await ResilienceMetrics.create(events, {
      registry,
      enabled: false,
    });

    expect(metrics.enabled).toBe(false);
    expect(events.listening).toBe(false);
    expect(registry.getMetricsAsArray()).toEqual([]);
  });
});
