import type { ErrorClassification } from '@app/resilience';

/**
 * A failure the calling client chose not to retry although the classifier would (the delivery
 * client retries only network failures, 503 and 504 of its non-idempotent `POST`). Carries the
 * original classification, which {@link retryDeclinedRule} repeats with `retryable: false`, so
 * the breaker still counts it and the response is the same as for the original error.
 *
 * Stands in for a per-method `retryOn` predicate of `@Retry`, which the library does not have
 * yet; see `isDeliveryRetryable`.
 */
export class RetryDeclinedError extends Error {
  static readonly CODE = 'ORDERS.RETRY_DECLINED';
  /** Stable code, also the brand {@link isRetryDeclinedError} checks. */
  readonly code = RetryDeclinedError.CODE;

  /**
   * @param classification what the classifier said of `cause`
   * @param cause the failure as the client saw it
   */
  constructor(
    readonly classification: ErrorClassification,
    cause: unknown,
  ) {
    super(`Not retried: ${classification.code}`, { cause });
    this.name = RetryDeclinedError.name;
  }
}

/** Type guard for {@link RetryDeclinedError}, safe across package copies and processes. */
export function isRetryDeclinedError(
  value: unknown,
): value is RetryDeclinedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === RetryDeclinedError.CODE &&
    typeof (value as { classification?: unknown }).classification === 'object'
  );
}
