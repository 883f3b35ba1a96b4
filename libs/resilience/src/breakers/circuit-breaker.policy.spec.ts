import { Logger } from '@nestjs/common';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { TimeoutError } from '../errors/timeout.error.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import type { CircuitStateChange } from './circuit-state-change.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

class NotFoundError extends Error {}

const context: ExecutionContext = { attempt: 1 };

function settings(
  overrides: Partial<CircuitBreakerSettings> = {},
): CircuitBreakerSettings {
  return {
    timeoutMs: 10_000,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    resetTimeoutMs: 30_000,
    rollingCountTimeoutMs: 10_000,
    rollingCountBuckets: 10,
    halfOpenSuccessThreshold: 1,
    failureThreshold: 0,
    slowCallDurationMs: 0,
    slowCallRateThreshold: 100,
    capacity: 0,
    critical: false,
    ...overrides,
  };
}

describe('CircuitBreakerPolicy', () => {
  let breaker: CircuitBreakerPolicy;
  let changes: CircuitStateChange[];

  function create(
    overrides: Partial<CircuitBreakerSettings> = {},
  ): CircuitBreakerPolicy {
    breaker = new CircuitBreakerPolicy({
      name: 'payments',
      settings: settings(overrides),
      isFailure: (error) => !(error instanceof NotFoundError),
    });
    changes = [];
    breaker.onStateChange((change) => changes.push(change));
    return breaker;
  }

  const succeed = (): Promise<unknown> =>
    breaker.execute(async () => 'ok', context);
  const fail = (error: unknown = new Error('boom')): Promise<unknown> =>
    breaker
      .execute(async () => {
        throw error;
      }, context)
      .catch((caught: unknown) => caught);
  const repeat = async (
    times: number,
    call: () => Promise<unknown>,
  ): Promise<void> => {
    for (let i = 0; i < times; i++) await call();
  };

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

  describe('failure-rate threshold (opossum rule)', () => {
    it('stays closed at exactly the percentage and opens strictly above it', async () => {
      create({ errorThresholdPercentage: 50, volumeThreshold: 10 });
      await repeat(5, succeed);
      await repeat(5, fail);

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(breaker.stats()).toMatchObject({
        failureRate: 50,
        window: { calls: 10, failures: 5 },
      });

      await fail();

      expect(breaker.currentState).toBe(CircuitState.OPEN);
      expect(breaker.stats().window).toMatchObject({ calls: 11, failures: 6 });
      expect(changes).toEqual([
        expect.objectContaining({ to: 'OPEN', reason: 'failure-rate' }),
      ]);
    });

    it('does not evaluate the rate until the window holds volumeThreshold calls', async () => {
      create({ errorThresholdPercentage: 50, volumeThreshold: 10 });
      await repeat(9, fail);

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(breaker.stats().failureRate).toBe(100);

      await fail();

      expect(breaker.currentState).toBe(CircuitState.OPEN);
    });

    it('evaluates only on failures: successes never open, even above the rate', async () => {
      create({ errorThresholdPercentage: 10, volumeThreshold: 4 });
      await repeat(3, fail);
      await succeed();

      expect(breaker.stats().failureRate).toBe(75);
      expect(breaker.currentState).toBe(CircuitState.CLOSED);
    });
  });

  describe('classification', () => {
    it('does not count errors isFailure rejects, and still rejects with them', async () => {
      create({ volumeThreshold: 1, failureThreshold: 1 });
      const notFound = new NotFoundError('no such order');

      await expect(
        breaker.execute(async () => {
          throw notFound;
        }, context),
      ).rejects.toBe(notFound);
      await repeat(19, () => fail(new NotFoundError('missing')));

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(breaker.stats()).toMatchObject({
        failureRate: 0,
        window: { calls: 20, failures: 0 },
        totals: { calls: 20, failures: 0, ignoredErrors: 20, successes: 0 },
      });
    });

    it('counts TimeoutErrors as timeouts', async () => {
      create();
      await fail(new TimeoutError('payments', 100));

      expect(breaker.stats().totals).toMatchObject({
        failures: 1,
        timeouts: 1,
      });
    });
  });

  describe('consecutive-failure threshold', () => {
    it('opens on the failureThreshold-th failure in a row, whatever the volume', async () => {
      create({ failureThreshold: 3, volumeThreshold: 100 });
      await repeat(2, fail);
      await succeed();
      await repeat(2, fail);

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(breaker.stats().consecutiveFailures).toBe(2);

      await fail();

      expect(breaker.currentState).toBe(CircuitState.OPEN);
      expect(changes).toEqual([
        expect.objectContaining({ to: 'OPEN', reason: 'consecutive-failures' }),
      ]);
    });

    it('restarts the streak on an error that does not count', async () => {
      create({ failureThreshold: 2, volumeThreshold: 100 });
      await fail();
      await fail(new NotFoundError('missing'));
      await fail();

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
    });
  });

  describe('slow calls', () => {
    const slow = (ms: number) => (): Promise<unknown> => {
      const call = breaker.execute(
        () => new Promise((resolve) => setTimeout(() => resolve('late'), ms)),
        context,
      );
      return vi.advanceTimersByTimeAsync(ms).then(() => call);
    };

    it('opens when the slow-call rate strictly exceeds its threshold at volume', async () => {
      create({
        slowCallDurationMs: 100,
        slowCallRateThreshold: 50,
        volumeThreshold: 4,
      });
      await slow(101)();
      expect(breaker.currentState).toBe(CircuitState.CLOSED);

      await repeat(2, succeed);
      await slow(101)();
      expect(breaker.stats()).toMatchObject({
        slowCallRate: 50,
        window: { completedCalls: 4 },
      });
      expect(breaker.currentState).toBe(CircuitState.CLOSED);

      await slow(100)();
      expect(breaker.stats().totals.slowCalls).toBe(2);

      await slow(101)();
      expect(breaker.stats().slowCallRate).toBe(50);
      expect(breaker.currentState).toBe(CircuitState.CLOSED);

      await slow(101)();

      expect(breaker.currentState).toBe(CircuitState.OPEN);
      expect(breaker.stats().totals.slowCalls).toBe(4);
      expect(changes).toEqual([
        expect.objectContaining({ to: 'OPEN', reason: 'slow-call-rate' }),
      ]);
    });

    it('never opens on slow calls with the default 100 % threshold', async () => {
      create({ slowCallDurationMs: 10, volumeThreshold: 2 });
      await repeat(5, slow(20));

      expect(breaker.stats().slowCallRate).toBe(100);
      expect(breaker.currentState).toBe(CircuitState.CLOSED);
    });
  });
});
