import { ApplicationError } from '@nest-resilience/resilience';

/** The `WWW-Authenticate` challenge of `GET /metrics` (RFC 6750). */
export const METRICS_AUTHENTICATE_CHALLENGE = 'Bearer realm="metrics"';

/**
 * `GET /metrics` was called without the bearer token `METRICS_TOKEN` asks for: 401
 * `UNAUTHENTICATED`, with `WWW-Authenticate: Bearer realm="metrics"` (and
 * `error="invalid_token"` when a wrong token was presented).
 */
export class MetricsUnauthenticatedError extends ApplicationError {
  static readonly CODE = 'OBSERVABILITY.METRICS_UNAUTHENTICATED';
  readonly code = MetricsUnauthenticatedError.CODE;
  readonly problem = 'UNAUTHENTICATED' as const;
  /** The `WWW-Authenticate` challenge of the answer. */
  readonly authenticateChallenge: string;

  /** @param invalidToken whether a bearer token was presented (and was not the right one) */
  constructor(invalidToken = false) {
    super('The metrics need a valid bearer token');
    this.authenticateChallenge = invalidToken
      ? `${METRICS_AUTHENTICATE_CHALLENGE}, error="invalid_token"`
      : METRICS_AUTHENTICATE_CHALLENGE;
  }
}

/** Type guard for {@link MetricsUnauthenticatedError}, safe across package copies. */
export function isMetricsUnauthenticatedError(
  value: unknown,
): value is MetricsUnauthenticatedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === MetricsUnauthenticatedError.CODE
  );
}
