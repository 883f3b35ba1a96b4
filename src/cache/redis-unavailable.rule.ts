import type { ClassificationRule } from '@nest-resilience/resilience';
import { isRedisUnavailableError } from './redis-unavailable.error.js';

/**
 * Classifies {@link RedisUnavailableError} as `DEPENDENCY_UNAVAILABLE`: retried, counted by the
 * `redis` breaker and recoverable, so the fallbacks of the cache, the idempotency records and
 * the rate limiter stand in. Register it in `ResilienceModule.forRoot({ classificationRules })`.
 */
export const redisUnavailableRule: ClassificationRule = {
  name: 'redis-unavailable',
  match: (error) =>
    isRedisUnavailableError(error)
      ? { code: 'DEPENDENCY_UNAVAILABLE' }
      : undefined,
};
