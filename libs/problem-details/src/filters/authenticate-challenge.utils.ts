import { findInCauseChain } from './thrown-value.utils.js';

/** The challenge of a 401 whose error names none: a bearer token is what the routes take. */
export const DEFAULT_AUTHENTICATE_CHALLENGE = 'Bearer';

// A challenge is sent as a header: printable ASCII only, bounded, nothing that ends the line.
const SAFE_CHALLENGE = /^[\x20-\x7e]{1,500}$/;

/**
 * The `WWW-Authenticate` value of a 401 (RFC 9110 §11.6.1): the `authenticateChallenge` of the
 * first error in the cause chain that carries a safe one (`AdminUnauthenticatedError` names
 * its realm), otherwise {@link DEFAULT_AUTHENTICATE_CHALLENGE}.
 */
export function authenticateChallenge(exception: unknown): string {
  const carrier = findInCauseChain(
    exception,
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { authenticateChallenge?: unknown })
        .authenticateChallenge === 'string' &&
      SAFE_CHALLENGE.test(
        (e as { authenticateChallenge: string }).authenticateChallenge,
      ),
  ) as { authenticateChallenge: string } | undefined;
  return carrier?.authenticateChallenge ?? DEFAULT_AUTHENTICATE_CHALLENGE;
}
