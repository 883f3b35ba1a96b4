import { Logger } from '@nestjs/common';
import type { Mock } from 'vitest';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { isBulkheadFullError } from '../errors/bulkhead-full.error.js';
import {
  CircuitOpenError,
  isCircuitOpenError,
} from '../errors/circuit-open.error.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import type { CircuitStateChange } from './circuit-state-change.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

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

describe('CircuitBreakerPolicy control', () => {
  let breaker: CircuitBreakerPolicy;
  let changes: CircuitStateChange[];
  let logLine: Mock<(message: unknown) => void>;
  let warnLine: Mock<(message: unknown) => void>;

  function create(
    overrides: Partial<CircuitBreakerSettings> = {},
  ): CircuitBreakerPolicy {
    breaker = new CircuitBreakerPolicy({
      name: 'payments',
      settings: settings(overrides),
      isFailure: () => true,
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
    logLine = vi.fn<(message: unknown) => void>();
    warnLine = vi.fn<(message: unknown) => void>();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(logLine);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(warnLine);
  });

  afterEach(() => {
    breaker.shutdown();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  describe('open circuit', () => {
    it('refuses without calling, with a stackless CircuitOpenError', async () => {
      create({ resetTimeoutMs: 5_000 });
      breaker.open();
      await vi.advanceTimersByTimeAsync(1_000);
      const operation = vi.fn(async () => 'ok');

      const error = await breaker
        .execute(operation, context)
        .catch((caught: unknown) => caught);

      expect(operation).not.toHaveBeenCalled();
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error).toMatchObject({ breaker: 'payments', retryAfterMs: 4_000 });
      expect((error as Error).stack?.split('\n')).toHaveLength(1);
      expect(Error.stackTraceLimit).toBeGreaterThan(0);
      expect(breaker.stats().totals).toMatchObject({ calls: 1, rejections: 1 });
    });

    it('refuses beyond capacity with BulkheadFullError, not counted as a failure', async () => {
      create({ capacity: 1, failureThreshold: 1 });
      let release: (value: string) => void = () => undefined;
      const first = breaker.execute(
        () => new Promise<string>((r) => (release = r)),
        context,
      );

      const second = await fail();
      release('done');

      expect(isBulkheadFullError(second)).toBe(true);
      await expect(first).resolves.toBe('done');
      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(breaker.stats().totals).toMatchObject({
        calls: 2,
        rejections: 1,
        successes: 1,
      });
    });
  });

  describe('manual control', () => {
    it('opens and closes on demand, logging each transition once', async () => {
      create();
      breaker.open();
      breaker.open();

      expect(isCircuitOpenError(await fail())).toBe(true);

      breaker.close();
      breaker.close();

      await expect(succeed()).resolves.toBe('ok');
      expect(changes.map(({ to, reason }) => `${to}:${reason}`)).toEqual([
        'OPEN:manual',
        'CLOSED:manual',
      ]);
      expect(warnLine).toHaveBeenCalledTimes(1);
      expect(warnLine).toHaveBeenCalledWith(
        'CLOSED -> OPEN (manual): next probe in 30000 ms',
      );
      expect(logLine).toHaveBeenCalledTimes(1);
    });

    it('resets to closed with an empty window and zeroed counters', async () => {
      create();
      await repeat(3, succeed);
      await repeat(2, fail);
      breaker.open();

      breaker.reset();

      expect(breaker.stats()).toMatchObject({
        state: CircuitState.CLOSED,
        failureRate: 0,
        window: { calls: 0, failures: 0, completedCalls: 0 },
        totals: { calls: 0, successes: 0, failures: 0 },
        latencyMs: { count: 0 },
      });
    });

    it('lets calls through unguarded while disabled, and cancels a pending probe', async () => {
      create({ resetTimeoutMs: 1_000 });
      breaker.open();
      breaker.disable();
      await vi.advanceTimersByTimeAsync(5_000);

      await expect(succeed()).resolves.toBe('ok');
      breaker.open();
      await expect(succeed()).resolves.toBe('ok');
      expect(breaker.stats()).toMatchObject({
        state: CircuitState.DISABLED,
        totals: { calls: 0 },
      });

      breaker.enable();

      expect(breaker.currentState).toBe(CircuitState.CLOSED);
      expect(changes.map(({ to }) => to)).toEqual([
        'OPEN',
        'DISABLED',
        'CLOSED',
      ]);
    });

    it('stops its timers on shutdown and rejects later calls', async () => {
      create({ resetTimeoutMs: 1_000 });
      breaker.open();
      expect(vi.getTimerCount()).toBe(2);

      breaker.shutdown();

      expect(vi.getTimerCount()).toBe(0);
      await expect(succeed()).rejects.toMatchObject({ code: 'ESHUTDOWN' });
    });
  });

  describe('state listeners', () => {
    it('tells every listener once, survives one that throws, and unsubscribes', () => {
      create();
      const errorLine = vi.fn();
      vi.spyOn(Logger.prototype, 'error').mockImplementation(errorLine);
      const seen: string[] = [];
      breaker.onStateChange(() => {
        throw new Error('listener bug');
      });
      const unsubscribe = breaker.onStateChange((change) =>
        seen.push(change.to),
      );

      breaker.open();
      unsubscribe();
      breaker.close();

      expect(seen).toEqual(['OPEN']);
      expect(changes.map(({ to }) => to)).toEqual(['OPEN', 'CLOSED']);
      expect(errorLine).toHaveBeenCalledTimes(2);
    });
  });
});
