import { ApplicationError } from '../errors/application.error.js';

/** The `WWW-Authenticate` challenge of the admin routes (RFC 6750). */
export const ADMIN_AUTHENTICATE_CHALLENGE = 'Bearer realm="admin"';

/**
 * An admin route was called without a valid bearer token. Its `authenticateChallenge` is sent
 * as the 401's `WWW-Authenticate` header: `Bearer realm="admin"`, with
 * `error="invalid_token"` when a bearer token was presented but matches none.
 */
export class AdminUnauthenticatedError extends ApplicationError {
  readonly code = 'RESILIENCE.ADMIN_UNAUTHENTICATED';
  readonly problem = 'UNAUTHENTICATED';
  /** The `WWW-Authenticate` challenge of the answer. */
  readonly authenticateChallenge: string;

  /** @param invalidToken whether a bearer token was presented (and matched none) */
  constructor(invalidToken = false) {
    super('A valid bearer token is required');
    this.authenticateChallenge = invalidToken
      ? `${ADMIN_AUTHENTICATE_CHALLENGE}, error="invalid_token"`
      : ADMIN_AUTHENTICATE_CHALLENGE;
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
