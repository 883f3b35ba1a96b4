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

  /** The failing checks and why, in one short text: `database (no answer within 1000 ms)`. */
  get summary(): string {
    const failing = Object.entries(this.extensions.health.error ?? {});
    if (failing.length === 0) return this.extensions.health.status;
    return failing
      .map(([key, detail]) => {
        const message = (detail as { message?: unknown }).message;
        return typeof message === 'string'
          ? `${key} (${message.slice(0, 200)})`
          : key;
      })
      .join(', ');
  }
}
