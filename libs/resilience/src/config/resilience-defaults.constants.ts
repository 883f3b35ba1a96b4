import type {
  BulkheadSettings,
  CircuitBreakerSettings,
  RetrySettings,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';

/** {@link ServiceResilienceSettings} with every section read-only. */
export type ReadonlyServiceResilienceSettings = {
  readonly [S in keyof ServiceResilienceSettings]: Readonly<
    ServiceResilienceSettings[S]
  >;
};

const CIRCUIT_BREAKER_DEFAULTS: CircuitBreakerSettings = {
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

const RETRY_DEFAULTS: RetrySettings = {
  maxAttempts: 3,
  backoff: 'exponential',
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  jitter: 'full',
  respectRetryAfter: true,
  budgetMs: 0,
};

const BULKHEAD_DEFAULTS: BulkheadSettings = {
  maxConcurrent: 0,
  maxQueue: 0,
};

/**
 * The built-in settings of every service, the `@default` tags of
 * {@link ServiceResilienceSettings} in one place. The configuration file's `defaults` section is
 * merged over these; frozen, because every resolved service starts from this one object.
 */
export const RESILIENCE_DEFAULTS: ReadonlyServiceResilienceSettings =
  Object.freeze({
    circuitBreaker: Object.freeze(CIRCUIT_BREAKER_DEFAULTS),
    retry: Object.freeze(RETRY_DEFAULTS),
    bulkhead: Object.freeze(BULKHEAD_DEFAULTS),
  });

/**
 * The configuration file used when `RESILIENCE_CONFIG_FILE` is unset, relative to the working
 * directory.
 * @default 'config/resilience.yaml'
 */
export const DEFAULT_RESILIENCE_CONFIG_FILE = 'config/resilience.yaml';

/** Namespace of the resilience settings in `@nestjs/config` (`configService.get('resilience')`). */
export const RESILIENCE_CONFIG_NAMESPACE = 'resilience';

/**
 * Longest delay Node's timers honour: a larger `setTimeout` delay fires after 1 ms instead, which
 * would turn a long breaker reset into an instant one.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;
