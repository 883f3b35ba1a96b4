import { performance } from 'node:perf_hooks';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import OpossumBreaker from 'opossum';
import { Registry } from 'prom-client';
import {
  Bulkhead,
  CircuitBreaker,
  CircuitBreakerRegistry,
  Fallback,
  loadResilienceSettings,
  ResilienceMetrics,
  ResilienceMetricsModule,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import { compare, figure, header } from './support/abba.js';
import {
  CALLERS,
  CALLS,
  concurrentNs,
  OPEN_FOR_MS,
  OPOSSUM_OPTIONS,
  ROUNDS,
  sequentialNs,
  TIMEOUT_MS,
} from './support/call-timing.js';

// The guarded calls of core.bench.ts in two apps alike but for ResilienceMetricsModule: the
// stack with metrics on against raw opossum (the success path's target holds with metrics on),
// and against the same stack with metrics off (what the metrics cost a call).

@Injectable()
class Guarded {
  @Fallback({ value: 0 })
  @Retry('bench')
  @CircuitBreaker('bench')
  async call(): Promise<number> {
    return 1;
  }

  @Retry('bench-open')
  @CircuitBreaker('bench-open')
  async rejected(): Promise<number> {
    return 1;
  }

  @CircuitBreaker('bench-bulkhead')
  @Bulkhead('bench-bulkhead')
  async bulkheaded(): Promise<number> {
    return 1;
  }
}

async function startApp(metrics: DynamicModule[]): Promise<TestingModule> {
  const circuitBreaker = { timeoutMs: TIMEOUT_MS, volumeThreshold: 1_000_000 };
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({
          config: {
            services: {
              bench: { circuitBreaker },
              'bench-open': {
                circuitBreaker: {
                  ...circuitBreaker,
                  resetTimeoutMs: OPEN_FOR_MS,
                },
              },
              'bench-bulkhead': {
                circuitBreaker,
                bulkhead: { maxConcurrent: 64, maxQueue: 0 },
              },
            },
          },
        }),
      }),
      ...metrics,
    ],
    providers: [Guarded],
  })
  class BenchModule {}
  const app = await Test.createTestingModule({
    imports: [BenchModule],
  }).compile();
  await app.init();
  app.get(CircuitBreakerRegistry).get('bench-open')!.open();
  return app;
}

it('measures what the metrics cost a guarded call', async () => {
  header('Metrics: the decorated stack with ResilienceMetricsModule on', [
    'two apps alike but for ResilienceMetricsModule (its own registry, default process metrics on)',
    'opossum as core.bench.ts runs it, with a timer of the same duration kept pending',
    `${ROUNDS} ABBA rounds after one discarded round; ${CALLS.toLocaleString('en-US')} calls per side and round`,
  ]);
  const otherRequests = setInterval(() => undefined, TIMEOUT_MS);
  otherRequests.unref();
  const plain = await startApp([]);
  const measured = await startApp([
    ResilienceMetricsModule.forRoot({ registry: new Registry() }),
  ]);
  const off = plain.get(Guarded);
  const on = measured.get(Guarded);
  const opossum = new OpossumBreaker(async () => 1, OPOSSUM_OPTIONS);
  const openOpossum = new OpossumBreaker(async () => 1, {
    ...OPOSSUM_OPTIONS,
    resetTimeout: OPEN_FOR_MS,
  });
  openOpossum.open();
  const stack = '@Fallback @Retry @CircuitBreaker, timeout';
  try {
    await compare({
      name: 'Success path with metrics on, sequential',
      unit: 'ns/call',
      baseline: {
        label: 'raw opossum fire(), timeout',
        measure: () => sequentialNs(() => opossum.fire()),
      },
      subject: {
        label: `${stack}, metrics on`,
        measure: () => sequentialNs(() => on.call()),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 1.0 } },
    });
    await compare({
      name: 'Metrics on against off, success path, sequential',
      unit: 'ns/call',
      baseline: {
        label: `${stack}, metrics off`,
        measure: () => sequentialNs(() => off.call()),
      },
      subject: {
        label: `${stack}, metrics on`,
        measure: () => sequentialNs(() => on.call()),
      },
      rounds: ROUNDS,
    });
    await compare({
      name: `Success path with metrics on, ${CALLERS} concurrent callers`,
      unit: 'ns/call',
      baseline: {
        label: 'raw opossum fire(), timeout',
        measure: () => concurrentNs(() => opossum.fire()),
      },
      subject: {
        label: `${stack}, metrics on`,
        measure: () => concurrentNs(() => on.call()),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 1.0 } },
    });
    await compare({
      name: 'Metrics on against off, @CircuitBreaker @Bulkhead',
      unit: 'ns/call',
      baseline: {
        label: 'metrics off',
        measure: () => sequentialNs(() => off.bulkheaded()),
      },
      subject: {
        label: 'metrics on',
        measure: () => sequentialNs(() => on.bulkheaded()),
      },
      rounds: ROUNDS,
    });
    await compare({
      name: 'Open circuit with metrics on, per rejected call',
      unit: 'ns/call',
      baseline: {
        label: "opossum's own rejection (open breaker)",
        measure: () => sequentialNs(() => openOpossum.fire().catch(() => 0)),
      },
      subject: {
        label: '@Retry @CircuitBreaker rejection, metrics on',
        measure: () => sequentialNs(() => on.rejected().catch(() => 0)),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 0.5 } },
    });
    await compare({
      name: 'Metrics on against off, per rejected call',
      unit: 'ns/call',
      baseline: {
        label: 'metrics off',
        measure: () => sequentialNs(() => off.rejected().catch(() => 0)),
      },
      subject: {
        label: 'metrics on',
        measure: () => sequentialNs(() => on.rejected().catch(() => 0)),
      },
      rounds: ROUNDS,
    });
    const metrics = measured.get(ResilienceMetrics);
    const scrapes = 200;
    const start = performance.now();
    for (let i = 0; i < scrapes; i++) await metrics.metrics();
    figure(
      'One scrape: the text exposition, process metrics included',
      ((performance.now() - start) * 1000) / scrapes,
      'us',
    );
  } finally {
    opossum.shutdown();
    openOpossum.shutdown();
    clearInterval(otherRequests);
    await plain.close();
    await measured.close();
  }
}, 600_000);
