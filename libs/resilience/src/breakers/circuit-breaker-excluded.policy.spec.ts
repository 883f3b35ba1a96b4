import { Logger } from '@nestjs/common';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

/** What an upstream 429 is to the breaker: busy, not broken. */
class RateLimitedError extends Error {}

const context: ExecutionContext = { attempt: 1 };
const RESET_MS = 30_000;
/** 10 slices of 1 s. */
const WINDOW_MS = 10_000;

describe('CircuitBreakerPolicy: excluded calls (neither failure nor success)', () => {
  let breaker: CircuitBreakerPolicy;

  function create(overrides: Partial<CircuitBreakerSettings> = {}): void {
    breaker = new CircuitBreakerPolicy({
      name: 'catalog',
      settings: {
        timeoutMs: 10_000,
        errorThresholdPercentage: 50,
        volumeThreshold: 4,
        resetTimeoutMs: RESET_MS,
        rollingCountTimeoutMs: WINDOW_MS,
        rollingCountBuckets: 10,
        halfOpenSuccessThreshold: 1,
        failureThreshold: 0,
        slowCallDurationMs: 0,
        slowCallRateThreshold: 100,
        capacity: 0,
        critical: false,
        ...overrides,
      },
      isFailure: (error) =>
        error instanceof RateLimitedError ? 'ignore' : true,
    });
  }

  const succeed = (): Promise<unknown> =>
    breaker.execute(async () => 'ok', context);
  const reject = (error: Error, afterMs = 0): Promise<unknown> =>
    breaker
      .execute(
        () =>
          new Promise((_, rejectCall) =>
            setTimeout(() => rejectCall(error), afterMs),
          ),
        context,
      )
      .catch((caught: unknown) => caught);
  const fail = (): Promise<unknown> => reject(new Error('down'));
  const rateLimited = (afterMs = 0): Promise<unknown> =>
    reject(new RateLimitedError('429'), afterMs);
  async function settle(call: Promise<unknown>, ms = 0): Promise<unknown> {
    await vi.advanceTimersByTimeAsync(ms);
    return call;
  }
  async function repeat(times: number, call: () => Promise<unknown>) {
    for (let i = 0; i < times; i++) await settle(call());
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    breaker.shutdown();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('never opens on excluded calls, and still rejects with their error', async () => {
    create({ volumeThreshold: 1, failureThreshold: 1 });
    const limited = new RateLimitedError('429');
    await expect(settle(reject(limited))).resolves.toBe(limited);
    await repeat(49, rateLimited);

    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    expect(breaker.stats()).toMatchObject({
      failureRate: 0,
      consecutiveFailures: 0,
      window: { calls: 0, failures: 0, completedCalls: 0 },
      totals: {
        calls: 50,
        excludedCalls: 50,
        successes: 0,
        failures: 0,
        ignoredErrors: 0,
      },
    });
  });

  it('does not dilute the failure rate: the rate is over the other calls only', async () => {
    create({ errorThresholdPercentage: 50, volumeThreshold: 4 });
    await repeat(20, rateLimited);
    await succeed();
    await repeat(2, fail);
    // Counted as successes, the 429s would make this 2 failures of 23 calls.
    expect(breaker.stats()).toMatchObject({
      failureRate: (2 / 3) * 100,
      window: { calls: 3, failures: 2 },
    });
    expect(breaker.currentState).toBe(CircuitState.CLOSED);

    await settle(fail());

    expect(breaker.currentState).toBe(CircuitState.OPEN);
  });

  it('neither breaks nor extends a failure streak', async () => {
    create({ failureThreshold: 3, volumeThreshold: 100 });
    await repeat(2, fail);
    await repeat(5, rateLimited);
    expect(breaker.stats().consecutiveFailures).toBe(2);

    await settle(fail());

    expect(breaker.currentState).toBe(CircuitState.OPEN);
  });

  it('takes a long call out of the slice it started in, and leaves the others alone', async () => {
    create({ volumeThreshold: 100 });
    await succeed();
    // Started in the current slice, settled two and a half slices later.
    const slow = rateLimited(2500);
    await settle(slow, 2500);
    await succeed();

    expect(breaker.stats().window).toMatchObject({ calls: 2, failures: 0 });
    expect(breaker.stats().totals).toMatchObject({
      calls: 3,
      successes: 2,
      excludedCalls: 1,
    });
  });

  it('withdraws nothing from the window for a call that outlived it', async () => {
    create({ volumeThreshold: 100 });
    const endless = rateLimited(WINDOW_MS + 3000);
    await vi.advanceTimersByTimeAsync(WINDOW_MS + 1000);
    await succeed();
    await settle(endless, 2000);

    expect(breaker.stats().window).toMatchObject({ calls: 1, failures: 0 });
  });

  describe('half open', () => {
    async function tripAndWait(): Promise<void> {
      await repeat(4, fail);
      expect(breaker.currentState).toBe(CircuitState.OPEN);
      await vi.advanceTimersByTimeAsync(RESET_MS);
    }

    it('an excluded probe frees the probe slot without closing or reopening the circuit', async () => {
      create();
      await tripAndWait();

      await settle(rateLimited());

      expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);
      expect(breaker.stats().totals.rejections).toBe(0);

      await succeed();

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
    });

    it('does not count an excluded probe toward halfOpenSuccessThreshold', async () => {
      create({ halfOpenSuccessThreshold: 2 });
      await tripAndWait();

      await succeed();
      await settle(rateLimited());
      expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);

      await succeed();

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
    });
  });
});
