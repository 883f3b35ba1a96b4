import type { RetryPredicate } from '@nest-resilience/resilience';
import { findDatabaseTimeout } from './database-timeout.error.js';

/**
 * `retryOn` for database calls on the request path (`@Retry('postgres', { retryOn })`): a
 * failure that came fast (a dropped or refused connection, a deadlock, a serialization failure)
 * is retried, one that came from waiting out a timeout is not. A database that did not answer
 * in time will most likely not answer the next attempt either, and waiting for it again would
 * multiply the time a hung database costs a request: one timeout, answered 503, is the bound.
 * Timeouts are still retryable for message redelivery, which happens later.
 */
export const retryUnlessDatabaseTimedOut: RetryPredicate = (
  classification,
  error,
) =>
  classification.code !== 'UPSTREAM_TIMEOUT' &&
  findDatabaseTimeout(error) === undefined;
