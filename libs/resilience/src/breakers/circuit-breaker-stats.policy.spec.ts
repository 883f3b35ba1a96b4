import { Logger } from '@nestjs/common';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

const context: ExecutionContext = { attempt: 1 };

const settings: CircuitBreakerSettings = {
  timeoutMs: 10_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 1_000,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 10_000,
  rollingCountBuckets: 10,
  halfOpenSuccessThreshold: 1,
  failureThreshold: 0,
  slowCallDurationMs: 90,
  slowCallRateThreshold: 100,
  capacity: 0,
  critical: false,
};

describe('CircuitBreakerPolicy stats', () => {
  let breaker: CircuitBreakerPolicy;

  /** One call per latency from 1 to 100 ms, all started together; every 4th fails. */
  async function runKnownLatencies(): Promise<void> {
    const calls = [];
    for (let ms = 1; ms <= 100; ms++) {
      calls.push(
        breaker
          .execute(
            () =>
              new Promise((resolve, reject) =>
                setTimeout(
                  () =>
                    ms % 4 === 0 ? reject(new Error('down')) : resolve(ms),
                  ms,
                ),
              ),
            context,
          )
          .catch(() => undefined),
      );
    }
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(calls);
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    breaker = new CircuitBreakerPolicy({
      name: 'search',
      settings,
      isFailure: () => true,
    });
  });

  afterEach(() => {
    breaker.shutdown();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('counts outcomes and reports percentiles within the histogram resolution', async () => {
    await runKnownLatencies();

    const stats = breaker.stats();

    expect(stats).toMatchObject({
      state: 'CLOSED',
      failureRate: 25,
      slowCallRate: 10,
      window: { calls: 100, failures: 25, completedCalls: 100, slowCalls: 10 },
      totals: {
        calls: 100,
        successes: 75,
        failures: 25,
        rejections: 0,
        slowCalls: 10,
      },
      openedAt: null,
      nextProbeAt: null,
      retryAfterMs: 0,
    });
    const { latencyMs } = stats;
    expect(latencyMs.count).toBe(100);
    expect(latencyMs.mean).toBe(50.5);
    expect(latencyMs.max).toBe(100);
    // Bins are at most 12.5 % wide and percentiles report a bin's upper bound.
    for (const [actual, exact] of [
      [latencyMs.p50, 50],
      [latencyMs.p90, 90],
      [latencyMs.p95, 95],
      [latencyMs.p99, 99],
    ]) {
      expect(actual).toBeGreaterThanOrEqual(exact);
      expect(actual).toBeLessThanOrEqual(Math.min(100, exact * 1.125));
    }
  });

  it('forgets the window as it rolls on, keeping the totals', async () => {
    await runKnownLatencies();

    await vi.advanceTimersByTimeAsync(settings.rollingCountTimeoutMs);

    expect(breaker.stats()).toMatchObject({
      failureRate: 0,
      window: { calls: 0, failures: 0, completedCalls: 0, slowCalls: 0 },
      latencyMs: { count: 0, p99: 0, max: 0 },
      totals: { calls: 100, failures: 25 },
    });
  });

  it('counts fallbacks reported by the fallback layer', () => {
    breaker.recordFallback();

    expect(breaker.stats().totals.fallbacks).toBe(1);
  });
});
