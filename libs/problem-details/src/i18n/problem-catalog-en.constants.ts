import type { ProblemCatalog } from './problem-catalog.interface.js';

/** English messages, also the fallback for any language without a catalog. */
export const PROBLEM_CATALOG_EN: ProblemCatalog = {
  VALIDATION_FAILED: {
    title: 'Validation failed',
    detail: 'The request contains invalid values; see errors for each field.',
  },
  MALFORMED_JSON: {
    title: 'Malformed JSON',
    detail: 'The request body is not valid JSON.',
  },
  UNAUTHENTICATED: {
    title: 'Authentication required',
    detail: 'The request lacks valid credentials.',
  },
  FORBIDDEN: {
    title: 'Forbidden',
    detail: 'The credentials do not allow this action.',
  },
  NOT_FOUND: {
    title: 'Not found',
    detail: 'The requested resource does not exist.',
  },
  REQUEST_TIMEOUT: {
    title: 'Request timeout',
    detail: 'The request took too long to process and was abandoned.',
  },
  CONFLICT: {
    title: 'Conflict',
    detail: 'The request conflicts with the current state of the resource.',
  },
  PAYLOAD_TOO_LARGE: {
    title: 'Payload too large',
    detail: 'The request body exceeds the allowed size.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Unsupported media type',
    detail:
      'The request body has a content type or encoding this endpoint does not accept.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: 'Idempotency key reused',
    detail: 'The idempotency key was already used with a different request.',
  },
  RATE_LIMITED: {
    title: 'Too many requests',
    detail:
      'The request rate limit was exceeded; retry after the indicated time.',
  },
  UPSTREAM_RATE_LIMITED: {
    title: 'Upstream rate limited',
    detail:
      'A service this request depends on is limiting requests; retry after the indicated time.',
  },
  INTERNAL: {
    title: 'Internal error',
    detail:
      'An unexpected error occurred. Quote the request id when reporting it.',
  },
  UPSTREAM_UNAVAILABLE: {
    title: 'Upstream unavailable',
    detail: 'A service this request depends on could not be reached.',
  },
  UPSTREAM_ERROR: {
    title: 'Upstream error',
    detail: 'A service this request depends on answered with an error.',
  },
  CIRCUIT_OPEN: {
    title: 'Service temporarily unavailable',
    detail:
      'A service this request depends on is failing and calls to it are paused.',
  },
  BULKHEAD_FULL: {
    title: 'Service busy',
    detail: 'Too many requests are being processed right now.',
  },
  FEATURE_DISABLED: {
    title: 'Feature disabled',
    detail:
      'This feature is switched off for now; the feature member names it.',
  },
  DEPENDENCY_UNAVAILABLE: {
    title: 'Dependency unavailable',
    detail: 'A resource this request needs is currently unavailable.',
  },
  UPSTREAM_TIMEOUT: {
    title: 'Upstream timeout',
    detail: 'A service this request depends on did not answer in time.',
  },
};
