import { ApplicationError } from '@nest-resilience/resilience';

/**
 * A request arrived while the application shuts down: 503 `DEPENDENCY_UNAVAILABLE` with
 * `Retry-After`, sent with `Connection: close` so the client retries on another instance.
 */
export class ServiceShuttingDownError extends ApplicationError {
  static readonly CODE = 'APP.SHUTTING_DOWN';
  readonly code = ServiceShuttingDownError.CODE;
  readonly problem = 'DEPENDENCY_UNAVAILABLE' as const;

  constructor() {
    super('This instance is shutting down; retry the request');
  }
}
