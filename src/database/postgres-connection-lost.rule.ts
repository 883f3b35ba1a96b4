import type { ClassificationRule } from '@nest-resilience/resilience';
import { isLostConnectionError } from './guarded-pg.client.js';

/**
 * Classifies a statement that failed because its PostgreSQL connection was ended under it (a
 * restart, a failover, a dropped network path) as `DEPENDENCY_UNAVAILABLE`: retried, counted by
 * the `postgres` breaker and answered 503, like a refused connection. pg's error carries no
 * code, so `GuardedPgClient` marks it; TypeORM wraps it in `QueryFailedError.driverError`.
 * Register it in `ResilienceModule.forRoot({ classificationRules })`.
 */
export const postgresConnectionLostRule: ClassificationRule = {
  name: 'postgres-connection-lost',
  match: (error) =>
    isLostConnectionError(error) ||
    isLostConnectionError(
      typeof error === 'object' && error !== null
        ? (error as { driverError?: unknown }).driverError
        : undefined,
    )
      ? { code: 'DEPENDENCY_UNAVAILABLE' }
      : undefined,
};
