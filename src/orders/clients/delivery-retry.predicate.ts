import {
  isTimeoutError,
  type ErrorClassification,
} from '@nest-resilience/resilience';

/**
 * Whether the delivery client retries a failure of `POST /deliveries`, which creates something
 * and so is retried only when it surely did not: a network failure (no answer at all), 503 or
 * 504. Not a 500 (the delivery may exist), not a timeout of our own (it may have arrived), not
 * a 429 or any 4xx. Applies only to what the classifier already calls retryable: the
 * delivery client's `@Retry({ retryOn })`.
 */
export function isDeliveryRetryable(
  classification: ErrorClassification,
  error: unknown,
): boolean {
  if (!classification.retryable) return false;
  if (classification.upstreamStatus !== undefined) {
    return (
      classification.upstreamStatus === 503 ||
      classification.upstreamStatus === 504
    );
  }
  return (
    !isTimeoutError(error) && classification.code === 'UPSTREAM_UNAVAILABLE'
  );
}
