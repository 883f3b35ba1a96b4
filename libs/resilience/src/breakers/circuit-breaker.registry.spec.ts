import { Logger } from '@nestjs/common';
import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { ErrorClassifier } from '../classification/error-classifier.js';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import { CircuitBreakerSettingsResolver } from './circuit-breaker-settings.resolver.js';
import { CircuitBreakerRegistry } from './circuit-breaker.registry.js';
import { CircuitState } from './circuit-state.enum.js';

const context: ExecutionContext = { attempt: 1 };

const defaults: CircuitBreakerSettings = {
  timeoutMs: 10_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 10_000,
  rollingCountBuckets: 10,
  halfOpenSuccessThreshold: 1,
  failureThreshold: 1,
  slowCallDurationMs: 0,
  slowCallRateThreshold: 100,
  capacity: 0,
  critical: false,
};

class StaticSettingsResolver extends CircuitBreakerSettingsResolver {
  readonly resolve = vi.fn((_name: string) => defaults);
}

/**
 * Counts every error except those with `status` 404, and leaves a 429 out of every count, as
 * the real classifier would.
 */
class StatusClassifier extends ErrorClassifier {
  classify(error: unknown): ErrorClassification {
    const status = (error as { status?: number }).status;
    if (status === 429) {
      return {
        countsAsFailure: false,
        ignoredByBreaker: true,
      } as ErrorClassification;
    }
    return { countsAsFailure: status !== 404 } as ErrorClassification;
  }
}

describe('CircuitBreakerRegistry', () => {
  let resolver: StaticSettingsResolver;
  let registry: CircuitBreakerRegistry;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    resolver = new StaticSettingsResolver();
    registry = new CircuitBreakerRegistry(new StatusClassifier(), resolver);
  });

  afterEach(() => {
    registry.onModuleDestroy();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('returns one long-lived breaker per name, resolving its settings once', () => {
    const first = registry.getOrCreate('payments');
    const again = registry.getOrCreate('payments', {
      ...defaults,
      critical: true,
    });

    expect(again).toBe(first);
    expect(registry.get('payments')).toBe(first);
    expect(registry.get('unknown')).toBeUndefined();
    expect(resolver.resolve).toHaveBeenCalledTimes(1);
    expect(resolver.resolve).toHaveBeenCalledWith('payments');
    expect(first.settings.critical).toBe(false);
  });

  it('uses given settings and predicate instead of the resolver and classifier', async () => {
    const breaker = registry.getOrCreate(
      'search',
      { ...defaults, critical: true },
      () => false,
    );

    await breaker
      .execute(() => Promise.reject(new Error('down')), context)
      .catch(() => undefined);

    expect(resolver.resolve).not.toHaveBeenCalled();
    expect(breaker.settings.critical).toBe(true);
    expect(breaker.currentState).toBe(CircuitState.CLOSED);
  });

  it("counts failures by the classifier's countsAsFailure", async () => {
    const breaker = registry.getOrCreate('orders');
    const notFound = Object.assign(new Error('no order'), { status: 404 });

    await breaker
      .execute(() => Promise.reject(notFound), context)
      .catch(() => undefined);
    expect(breaker.currentState).toBe(CircuitState.CLOSED);

    await breaker
      .execute(() => Promise.reject(new Error('down')), context)
      .catch(() => undefined);
    expect(breaker.currentState).toBe(CircuitState.OPEN);
  });

  it('leaves out of every count what the classifier says ignoredByBreaker for', async () => {
    const breaker = registry.getOrCreate('quotes');
    const limited = Object.assign(new Error('slow down'), { status: 429 });

    for (let i = 0; i < 20; i++) {
      await breaker
        .execute(() => Promise.reject(limited), context)
        .catch(() => undefined);
    }

    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    expect(breaker.stats()).toMatchObject({
      window: { calls: 0, failures: 0 },
      totals: { calls: 20, excludedCalls: 20, successes: 0, ignoredErrors: 0 },
    });
  });

  it('refuses to create a breaker without settings when no resolver is provided', () => {
    const bare = new CircuitBreakerRegistry(new StatusClassifier());

    expect(() => bare.getOrCreate('payments')).toThrow(
      ResilienceConfigurationError,
    );
    expect(bare.getOrCreate('payments', defaults).name).toBe('payments');
    bare.onModuleDestroy();
  });

  it('lists breakers and their stats in creation order', () => {
    registry.getOrCreate('a');
    registry.getOrCreate('b');

    expect(registry.list().map((breaker) => breaker.name)).toEqual(['a', 'b']);
    expect(
      registry.stats().map(({ name, state }) => `${name}:${state}`),
    ).toEqual(['a:CLOSED', 'b:CLOSED']);
  });

  it('shuts every breaker down on module destroy, clearing their timers', async () => {
    const breaker = registry.getOrCreate('a');
    registry.getOrCreate('b').open();
    // One rotation timer shared by both windows, and the open circuit's reset timer.
    expect(vi.getTimerCount()).toBe(2);

    registry.onModuleDestroy();

    expect(vi.getTimerCount()).toBe(0);
    expect(registry.list()).toEqual([]);
    await expect(
      breaker.execute(async () => 'ok', context),
    ).rejects.toMatchObject({
      code: 'ESHUTDOWN',
    });
  });
});
