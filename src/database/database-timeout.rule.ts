import {
  ErrorCategory,
  type ClassificationRule,
} from '@nest-resilience/resilience';
import { findDatabaseTimeout } from './database-timeout.error.js';

/**
 * Classifies {@link DatabaseTimeoutError} (raw, or as the driver error of TypeORM's
 * `QueryFailedError`) as `DEPENDENCY_UNAVAILABLE`: 503 with `Retry-After`, counted by the
 * `postgres` breaker, recoverable, and retryable for message redelivery. A pool that stayed
 * full for the whole acquire timeout is `RESOURCE_EXHAUSTION`. Register it in
 * `ResilienceModule.forRoot({ classificationRules })`.
 */
export const databaseTimeoutRule: ClassificationRule = {
  name: 'database-timeout',
  match(error) {
    const timeout = findDatabaseTimeout(error);
    if (timeout === undefined) return undefined;
    return {
      code: 'DEPENDENCY_UNAVAILABLE',
      sourceCode: timeout.code,
      ...(timeout.wait === 'acquire'
        ? { category: ErrorCategory.RESOURCE_EXHAUSTION }
        : {}),
    };
  },
};
