/** Backoff shapes for retries. */
export type BackoffKind = 'exponential' | 'linear' | 'fixed';
/** Jitter applied to a backoff delay (AWS Architecture Blog's names). */
export type JitterKind = 'full' | 'equal' | 'decorrelated' | 'none';

/** Circuit breaker settings of one dependency (opossum's options, plus what opossum lacks). */
export interface CircuitBreakerSettings {
  /** Per-attempt timeout enforced inside the breaker; `0` turns it off. @default 10000 */
  timeoutMs: number;
  /** Failure rate (percent) the window must exceed, strictly, to open. @default 50 */
  errorThresholdPercentage: number;
  /** Calls the window must hold before the rate is considered. @default 10 */
  volumeThreshold: number;
  /** How long the circuit stays open before one probe goes through. @default 30000 */
  resetTimeoutMs: number;
  /** Length of the rolling statistics window. @default 10000 */
  rollingCountTimeoutMs: number;
  /** Buckets the rolling window is split into. @default 10 */
  rollingCountBuckets: number;
  /** Consecutive successful probes needed to close from half open. @default 1 */
  halfOpenSuccessThreshold: number;
  /** Consecutive failures that open the circuit regardless of rate; `0` turns it off. @default 0 */
  failureThreshold: number;
  /** A call slower than this counts as slow; `0` turns slow-call counting off. @default 0 */
  slowCallDurationMs: number;
  /** Slow-call rate (percent) the window must exceed, strictly, to open. @default 100 */
  slowCallRateThreshold: number;
  /** Concurrent calls the breaker lets through (opossum's `capacity`); `0` is unlimited. @default 0 */
  capacity: number;
  /** Whether an open circuit makes readiness fail (else it only degrades health). @default false */
  critical: boolean;
}

/** Retry settings of one dependency. */
export interface RetrySettings {
  /** Calls in all, the first included; `1` means no retry. @default 3 */
  maxAttempts: number;
  /** @default 'exponential' */
  backoff: BackoffKind;
  /** First delay (exponential, fixed) or step (linear). @default 200 */
  baseDelayMs: number;
  /** Upper bound of any one delay. @default 5000 */
  maxDelayMs: number;
  /** @default 'full' */
  jitter: JitterKind;
  /**
   * Heed an upstream's `Retry-After`: a wait up to `maxDelayMs` is waited in full before the
   * retry; a longer one means no retry now, and the call fails with the wait passed on to the
   * client. Off, the backoff alone times the retries. @default true
   */
  respectRetryAfter: boolean;
  /** Worst-case time all attempts and delays may take; `0` leaves it unchecked. @default 0 */
  budgetMs: number;
}

/** Bulkhead settings of one dependency. */
export interface BulkheadSettings {
  /** Calls running at once; `0` turns the bulkhead off. @default 0 */
  maxConcurrent: number;
  /** Calls waiting for a slot before new ones are refused. @default 0 */
  maxQueue: number;
}

/** Everything configured for one named dependency. */
export interface ServiceResilienceSettings {
  circuitBreaker: CircuitBreakerSettings;
  retry: RetrySettings;
  bulkhead: BulkheadSettings;
}

/** The per-service configuration: defaults, and what each named service changes of them. */
export interface ResilienceSettings {
  defaults: ServiceResilienceSettings;
  services: Record<string, DeepPartial<ServiceResilienceSettings>>;
}

/** Every member optional, recursively. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** Which layer of the configuration set a key: see {@link ResilienceKeyOrigin}. */
export type ResilienceConfigLayer = 'base' | 'overlay' | 'env';

/** Where the value of one explicitly set key came from. */
export interface ResilienceKeyOrigin {
  /**
   * `base`: the application's own file (the only file when no user file is layered over it);
   * `overlay`: the user's file (or `config`) layered over the base; `env`: a `RESILIENCE__*`
   * variable.
   */
  readonly layer: ResilienceConfigLayer;
  /** The file path, `config` for settings given in code, or the variable's name. */
  readonly source: string;
}

/** Where the keys each service sets itself came from, so boot checks can name them. */
export interface ResilienceSettingsOrigins {
  /**
   * Per service, each key it sets itself as `section.key` (`retry.maxAttempts`), with the layer
   * that set it last. Keys inherited from `defaults` are not listed.
   */
  readonly services: Readonly<
    Record<string, Readonly<Record<string, ResilienceKeyOrigin>>>
  >;
  /** Services the base declares; a service only the overlay declares is not among them. */
  readonly baseServices: readonly string[];
}

/** One feature toggle of the `features` section. */
export interface FeatureToggleSettings {
  /** Whether the feature is on, until an operator changes it at run time. @default true */
  enabled: boolean;
  /** What the feature is, for operators (`GET /admin/features`). @default none */
  description?: string;
}

/** A feature toggle as the configuration resolved it, with where it came from. */
export interface ResolvedFeatureToggleSettings extends FeatureToggleSettings {
  /**
   * Where `enabled` was set: a file or a `FEATURE__<NAME>` variable. Unset: nothing set it,
   * the built-in default (on) applies.
   */
  readonly enabledOrigin?: ResilienceKeyOrigin;
  /** Whether the application's own (base) file declares the toggle. */
  readonly declaredInBase: boolean;
  /** The files (or `config`) that declare it, for messages. */
  readonly declaredIn: readonly string[];
}

/**
 * The validated configuration as the application uses it: the resolved defaults, every declared
 * service fully resolved, and a way to resolve one service with a method's own overrides.
 */
export interface ResolvedResilienceSettings extends ResilienceSettings {
  /** Built-in defaults, then the file's `defaults`, then `RESILIENCE__DEFAULTS__*` variables. */
  readonly defaults: ServiceResilienceSettings;
  /** Every service of the file, each with the defaults merged under its own values. */
  readonly services: Record<string, ServiceResilienceSettings>;
  /**
   * Where each service's own keys came from; set by `loadResilienceSettings`. Unset (settings
   * built another way): every key counts as the application's own.
   */
  readonly origins?: ResilienceSettingsOrigins;
  /**
   * The feature toggles of the `features` section, by name, `FEATURE__<NAME>` variables
   * applied; set by `loadResilienceSettings`. Unset (settings built another way): no toggles.
   */
  readonly features?: Readonly<Record<string, ResolvedFeatureToggleSettings>>;
  /**
   * A fresh, mutable copy of one service's settings with `overrides` (a decorator's arguments)
   * merged over them; `where` names the decorator site in error messages.
   * @throws ResilienceConfigurationError when the service is not declared or an override is invalid
   */
  resolveService(
    name: string,
    overrides?: DeepPartial<ServiceResilienceSettings>,
    where?: string,
  ): ServiceResilienceSettings;
}
