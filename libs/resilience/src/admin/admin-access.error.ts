import { ApplicationError } from '../errors/application.error.js';

/** An admin route was called without a valid bearer token. */
export class AdminUnauthenticatedError extends ApplicationError {
  readonly code = 'RESILIENCE.ADMIN_UNAUTHENTICATED';
  readonly problem = 'UNAUTHENTICATED';

  constructor() {
    super('A valid bearer token is required');
  }
}

/** A read-only token was used for an admin action. */
export class AdminForbiddenError extends ApplicationError {
  readonly code = 'RESILIENCE.ADMIN_FORBIDDEN';
  readonly problem = 'FORBIDDEN';

  constructor() {
    super('This token may only read');
  }
}
