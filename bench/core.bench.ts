import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import OpossumBreaker from 'opossum';
import {
  CircuitBreaker,
  CircuitBreakerPolicy,
  CircuitBreakerRegistry,
  Fallback,
  loadResilienceSettings,
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
}

it('measures the resilience stack against raw opossum', async () => {
  header(
    'Call guarding: the decorated stack against raw opossum fire(), in one process',
    [
      `opossum as its documentation shows it: new CircuitBreaker(fn, { timeout: ${TIMEOUT_MS}, ` +
        'errorThresholdPercentage: 50, resetTimeout: 30000 }), then breaker.fire()',
      `same conditions for both: a timer of the same ${TIMEOUT_MS / 1000} s duration kept pending ` +
        "throughout, as other requests' timeouts are in any server (without it opossum creates and " +
        'drops a timer list on every sequential call, which a server never pays)',
      `${ROUNDS} ABBA rounds after one discarded round; ${CALLS.toLocaleString('en-US')} calls per side and round`,
      `the open breakers of the rejection rows, opossum's and ours, stay open for the whole run ` +
        `(reset after ${OPEN_FOR_MS / 60_000} min), so no probe turns a rejection into a success`,
      'nestjs-resilience (the npm package) is not compared: it is not installable here. ' +
        'Its 2.1.3 peer-depends on @nestjs/common and @nestjs/core ^8 || ^9 || ^10 and ' +
        'reflect-metadata ^0.1.13; this project runs Nest 12 and reflect-metadata 0.2, and ' +
        'npm refuses it (ERESOLVE) without --force or --legacy-peer-deps',
    ],
  );
  const otherRequests = setInterval(() => undefined, TIMEOUT_MS);
  otherRequests.unref();
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
            },
          },
        }),
      }),
    ],
    providers: [Guarded],
  })
  class BenchModule {}
  const app = await Test.createTestingModule({
    imports: [BenchModule],
  }).compile();
  await app.init();
  const guarded = app.get(Guarded);
  const bare = async () => 1;
  const opossum = new OpossumBreaker(bare, OPOSSUM_OPTIONS);
  // Open for the whole run on both sides, so the rejection rows time rejections only.
  const openOpossum = new OpossumBreaker(bare, {
    ...OPOSSUM_OPTIONS,
    resetTimeout: OPEN_FOR_MS,
  });
  openOpossum.open();
  app.get(CircuitBreakerRegistry).get('bench-open')!.open();
  try {
    figure('bare async call, sequential', await sequentialNs(bare), 'ns/call');
    await compare({
      name: 'Success path, sequential (awaited one at a time)',
      unit: 'ns/call',
      baseline: {
        label: 'raw opossum fire(), timeout',
        measure: () => sequentialNs(() => opossum.fire()),
      },
      subject: {
        label: '@Fallback @Retry @CircuitBreaker, timeout',
        measure: () => sequentialNs(() => guarded.call()),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 1.0 } },
    });
    await compare({
      name: `Success path, ${CALLERS} concurrent callers`,
      unit: 'ns/call',
      baseline: {
        label: 'raw opossum fire(), timeout',
        measure: () => concurrentNs(() => opossum.fire()),
      },
      subject: {
        label: '@Fallback @Retry @CircuitBreaker, timeout',
        measure: () => concurrentNs(() => guarded.call()),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 1.0 } },
    });
    await compare({
      name: 'Open circuit, per rejected call',
      unit: 'ns/call',
      baseline: {
        label: "opossum's own rejection (open breaker)",
        measure: () => sequentialNs(() => openOpossum.fire().catch(() => 0)),
      },
      subject: {
        label: '@Retry @CircuitBreaker rejection',
        measure: () => sequentialNs(() => guarded.rejected().catch(() => 0)),
      },
      rounds: ROUNDS,
      target: { ratio: { atMost: 0.5 } },
    });
    await failureCost();
  } finally {
    opossum.shutdown();
    openOpossum.shutdown();
    clearInterval(otherRequests);
    await app.close();
  }
}, 600_000);

/** What a failure costs a breaker whose window holds 100,000 successes, against an empty one. */
async function failureCost(): Promise<void> {
  const SUCCESSES = 100_000;
  const FAILURES = 2_000;
  // opossum sums its whole window on every failure: 50 of its failures take as long as 2,000 of ours.
  const RAW_FAILURES = 50;
  const failing = async () => {
    throw new Error('down');
  };
  const succeeding = async () => 1;
  const settings = {
    ...loadResilienceSettings().defaults.circuitBreaker,
    timeoutMs: TIMEOUT_MS,
    volumeThreshold: 10_000_000,
    rollingCountTimeoutMs: 600_000,
  };
  const ours = async (successes: number) => {
    const policy = new CircuitBreakerPolicy({
      name: `window-${successes}`,
      settings,
      isFailure: () => true,
    });
    for (let i = 0; i < successes; i++)
      await policy.execute(succeeding, { attempt: 1 });
    return {
      shutdown: () => policy.shutdown(),
      fail: () =>
        sequentialNs(
          () => policy.execute(failing, { attempt: 1 }).catch(() => 0),
          FAILURES,
        ),
    };
  };
  const raw = async (successes: number) => {
    const breaker = new OpossumBreaker(
      (fail: boolean) => (fail ? failing() : succeeding()),
      {
        ...OPOSSUM_OPTIONS,
        volumeThreshold: 10_000_000,
        rollingCountTimeout: 600_000,
      },
    );
    for (let i = 0; i < successes; i++) await breaker.fire(false);
    return {
      shutdown: () => breaker.shutdown(),
      fail: () =>
        sequentialNs(() => breaker.fire(true).catch(() => 0), RAW_FAILURES),
    };
  };
  const breakers = [
    await ours(0),
    await ours(SUCCESSES),
    await raw(0),
    await raw(SUCCESSES),
  ];
  const [oursEmpty, oursFull, rawEmpty, rawFull] = breakers;
  try {
    await compare({
      name: 'A failure with 100,000 successes in the rolling window (ours)',
      unit: 'ns/call',
      baseline: { label: 'ours, empty window', measure: oursEmpty.fail },
      subject: { label: 'ours, 100,000 successes', measure: oursFull.fail },
      rounds: ROUNDS,
      target: { ratio: { atMost: 2 } },
    });
    await compare({
      name: 'The same with raw opossum, for reference',
      unit: 'ns/call',
      baseline: { label: 'opossum, empty window', measure: rawEmpty.fail },
      subject: { label: 'opossum, 100,000 successes', measure: rawFull.fail },
      rounds: 5,
    });
  } finally {
    for (const breaker of breakers) breaker.shutdown();
  }
}
