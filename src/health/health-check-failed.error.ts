import type { HealthCheckResult } from '@nestjs/terminus';
import { ApplicationError } from '@nest-resilience/resilience';

/**
 * A health check found a dependency down. Answered 503 `DEPENDENCY_UNAVAILABLE` in the standard
 * envelope, with the whole health document under `health` so operators still see every check.
 */
export class HealthCheckFailedError extends ApplicationError {
  readonly code = 'HEALTH.CHECK_FAILED';
  readonly problem = 'DEPENDENCY_UNAVAILABLE';
  readonly extensions: { health: HealthCheckResult };

  /** @param health what Terminus found */
  constructor(health: HealthCheckResult) {
    super('A dependency this service needs is down');
    this.extensions = { health };
  }
}
