import { ApplicationError } from '../errors/application.error.js';

/** No circuit breaker has the requested name. */
export class BreakerNotFoundError extends ApplicationError {
  readonly code = 'RESILIENCE.BREAKER_NOT_FOUND';
  readonly problem = 'NOT_FOUND';

  /** @param name the name asked for */
  constructor(readonly name: string) {
    super(`No circuit breaker is named "${name}"`);
  }
}
