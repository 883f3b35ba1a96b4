import type { ErrorClassification } from '../classification/error-classification.interface.js';
import type {
  BulkheadSettings,
  CircuitBreakerSettings,
  RetrySettings,
} from '../config/resilience-settings.interface.js';

/** One source a fallback may take its result from; sources are tried in the order given. */
export type FallbackSpec =
  /** A constant result. */
  | { value: unknown }
  /** Another method of the same class, called with the same arguments and then the error. */
  | { method: string }
  /** The last successful result for the same arguments. */
  | { lastGood: true | LastGoodOptions };

/** How the last good results are kept. */
export interface LastGoodOptions {
  /** Most results kept, least recently used dropped first. @default 1000 */
  maxEntries?: number;
  /** How old a result may be to stand in; `0` is any age. @default 0 */
  maxAgeMs?: number;
}

/** Hook called before each retry. */
export type RetryListener = (info: {
  attempt: number;
  delayMs: number;
  error: unknown;
}) => void;

/**
 * Narrows what one method retries: called only for errors the classifier calls retryable, and
 * an error it answers `false` for is not retried (the breaker still counts it).
 */
export type RetryPredicate = (
  classification: ErrorClassification,
  error: unknown,
) => boolean;

/**
 * What the decorators record on one method; read by the explorer, the interceptor and
 * {@link getResilienceMetadata}.
 */
export interface ResilienceMethodMetadata {
  circuitBreaker?: {
    service: string;
    overrides: Partial<CircuitBreakerSettings>;
  };
  retry?: {
    service: string;
    overrides: Partial<RetrySettings>;
    onRetry?: RetryListener;
    retryOn?: RetryPredicate;
  };
  timeout?: { service?: string; timeoutMs?: number };
  bulkhead?: { service: string; overrides: Partial<BulkheadSettings> };
  fallback?: readonly FallbackSpec[];
  /** Index of the parameter that receives the attempt's `AbortSignal`. */
  signalIndex?: number;
}
