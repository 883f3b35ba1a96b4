import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { ErrorClassifier } from '../classification/error-classifier.js';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { CircuitBreakerHealthIndicator } from './circuit-breaker.health.js';

const settings: CircuitBreakerSettings = {
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
};

class CountEverything extends ErrorClassifier {
  classify(): ErrorClassification {
    return { countsAsFailure: true } as ErrorClassification;
  }
}

describe('CircuitBreakerHealthIndicator', () => {
  let registry: CircuitBreakerRegistry;
  let indicator: CircuitBreakerHealthIndicator;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    registry = new CircuitBreakerRegistry(new CountEverything());
    registry.getOrCreate('payments', { ...settings, critical: true });
    registry.getOrCreate('recommendations', settings);
    indicator = new CircuitBreakerHealthIndicator(
      new HealthIndicatorService(),
      registry,
    );
  });

  afterEach(() => {
    registry.onModuleDestroy();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('is up while every circuit is closed, with each state and stats in the details', () => {
    const result = indicator.isHealthy();

    expect(result.circuitBreakers).toMatchObject({
      status: 'up',
      open: [],
      halfOpen: [],
      breakers: {
        payments: {
          state: 'CLOSED',
          critical: true,
          failureRate: 0,
          totals: { calls: 0 },
        },
        recommendations: { state: 'CLOSED', critical: false },
      },
    });
  });

  it('is degraded, not down, when a non-critical circuit is open', () => {
    registry.get('recommendations')?.open();

    const result = indicator.isHealthy('breakers');

    expect(result.breakers).toMatchObject({
      status: 'degraded',
      open: ['recommendations'],
      breakers: { recommendations: { state: 'OPEN', retryAfterMs: 30_000 } },
    });
  });

  it('is down when a critical circuit is open', () => {
    registry.get('payments')?.open();

    expect(indicator.isHealthy().circuitBreakers).toMatchObject({
      status: 'down',
      open: ['payments'],
    });
  });

  it('is only degraded while a critical circuit is half open, so traffic can probe it', async () => {
    registry.get('payments')?.open();
    await vi.advanceTimersByTimeAsync(settings.resetTimeoutMs);

    expect(indicator.isHealthy().circuitBreakers).toMatchObject({
      status: 'degraded',
      halfOpen: ['payments'],
    });
  });

  it('is up when a circuit is disabled', () => {
    registry.get('payments')?.disable();

    expect(indicator.isHealthy().circuitBreakers.status).toBe('up');
  });
});
