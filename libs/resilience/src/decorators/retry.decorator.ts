import type { RetrySettings } from '../config/resilience-settings.interface.js';
import type {
  RetryListener,
  RetryPredicate,
} from './resilience-metadata.interface.js';
import { ResilienceMethod } from './resilience-method.decorator.js';

/**
 * Settings a `@Retry` may change for its method, a hook called before each retry, and a
 * predicate narrowing what this method retries (for example only 503 and 504 of an upstream
 * whose writes are not idempotent).
 */
export type RetryOverrides = Partial<RetrySettings> & {
  onRetry?: RetryListener;
  retryOn?: RetryPredicate;
};

/**
 * Calls the method again when it fails with an error the classifier calls retryable, with the
 * service's backoff. Never waits on an open circuit or a full bulkhead.
 *
 * @param service a service name from the resilience configuration (checked at boot)
 * @param overrides retry settings for this method only
 */
export function Retry(
  service: string,
  overrides: RetryOverrides = {},
): MethodDecorator {
  const { onRetry, retryOn, ...settings } = overrides;
  return ResilienceMethod({
    retry: { service, overrides: settings, onRetry, retryOn },
  });
}
