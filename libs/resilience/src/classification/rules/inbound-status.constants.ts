import type { ProblemCode } from '../problem-code.constants.js';

/**
 * Envelope code for each status our own HTTP layer (Nest's `HttpException` family, Express's
 * body parser) can raise. A 422 maps to `VALIDATION_FAILED`: the contract's only 422 code,
 * `IDEMPOTENCY_KEY_REUSED`, means something a generic `UnprocessableEntityException` does not.
 */
export const INBOUND_STATUS_CODES: Readonly<Record<number, ProblemCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  502: 'UPSTREAM_ERROR',
  503: 'DEPENDENCY_UNAVAILABLE',
  504: 'UPSTREAM_TIMEOUT',
};

/**
 * Envelope code for a status raised by our own HTTP layer. The contract has no code for the
 * rarer statuses, so another 4xx answers `VALIDATION_FAILED` (the request cannot be served as
 * sent) and anything else answers `INTERNAL`.
 */
export function inboundProblemCode(status: number): ProblemCode {
  const known = INBOUND_STATUS_CODES[status];
  if (known !== undefined) return known;
  return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
}
