import { Logger } from '@nestjs/common';
import { createHook } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { ErrorClassifier } from '../classification/error-classifier.js';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { CircuitBreakerRegistry } from './circuit-breaker.registry.js';
import { WindowRotationClock } from './window-rotation.clock.js';

const BREAKERS = 10_000;
const MB = 1_000_000;

// Vitest does not expose the collector; the flag can still be set at run time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

class CountingClassifier extends ErrorClassifier {
  classify(): ErrorClassification {
    return { countsAsFailure: true } as ErrorClassification;
  }
}

/** Heap and external memory in use after full collections, in bytes. */
async function retained(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Timers created while `work` runs and still pending after it, unref'd ones included. */
async function timersLeftBy(work: () => Promise<void>): Promise<number> {
  const pending = new Set<number>();
  const hook = createHook({
    init: (id, type) => {
      if (type === 'Timeout') pending.add(id);
    },
    destroy: (id) => pending.delete(id),
  }).enable();
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
    return pending.size;
  } finally {
    hook.disable();
  }
}

describe('CircuitBreakerRegistry footprint', () => {
  const settings = loadResilienceSettings().defaults.circuitBreaker;
  let registry: CircuitBreakerRegistry;

  beforeEach(() => {
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    registry = new CircuitBreakerRegistry(new CountingClassifier());
  });

  afterEach(() => {
    registry.onModuleDestroy();
    vi.restoreAllMocks();
  });

  it('keeps 10,000 used breakers on one rotation timer and within a bounded memory', async () => {
    const before = await retained();
    const timers = await timersLeftBy(async () => {
      for (let i = 0; i < BREAKERS; i++) {
        await registry
          .getOrCreate(`tenant-${i}`, settings)
          .execute(async () => i, { attempt: 1 });
      }
    });
    const retainedMb = ((await retained()) - before) / MB;

    expect(timers).toBe(1);
    expect(WindowRotationClock.shared.timerCount).toBe(1);
    // Ten latency histograms per breaker held about 218 MB; the exact figure is the bench's.
    expect(retainedMb).toBeLessThan(160);

    registry.onModuleDestroy();
    expect(WindowRotationClock.shared.timerCount).toBe(0);
  }, 120_000);

  it('keeps the stats of each breaker apart on the shared timer', async () => {
    const slow = registry.getOrCreate('slow', settings);
    const fast = registry.getOrCreate('fast', settings);
    await slow.execute(
      () => new Promise((resolve) => setTimeout(resolve, 30)),
      { attempt: 1 },
    );
    await fast.execute(async () => 1, { attempt: 1 });

    expect(slow.stats().latencyMs).toMatchObject({ count: 1 });
    expect(slow.stats().latencyMs.max).toBeGreaterThanOrEqual(25);
    expect(fast.stats().latencyMs).toMatchObject({ count: 1 });
    expect(fast.stats().latencyMs.max).toBeLessThan(25);
  });
});

describe('CircuitBreakerPolicy after an idle spell', () => {
  const settings = {
    ...loadResilienceSettings().defaults.circuitBreaker,
    rollingCountTimeoutMs: 1_000,
    rollingCountBuckets: 10,
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('counts a call made after idle windows, then lets it leave the window', async () => {
    const registry = new CircuitBreakerRegistry(new CountingClassifier());
    const breaker = registry.getOrCreate('quiet', settings);
    await breaker.execute(async () => 1, { attempt: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(breaker.stats().window.calls).toBe(0);

    await breaker.execute(async () => 1, { attempt: 1 });
    await expect(
      breaker.execute(
        async () => {
          throw new Error('down');
        },
        { attempt: 1 },
      ),
    ).rejects.toThrow('down');

    expect(breaker.stats()).toMatchObject({
      failureRate: 50,
      window: { calls: 2, failures: 1, completedCalls: 2 },
      latencyMs: { count: 2 },
    });

    await vi.advanceTimersByTimeAsync(1_000);

    expect(breaker.stats()).toMatchObject({
      failureRate: 0,
      window: { calls: 0, failures: 0, completedCalls: 0 },
      latencyMs: { count: 0 },
      totals: { calls: 3, failures: 1 },
    });
    registry.onModuleDestroy();
  });
});
