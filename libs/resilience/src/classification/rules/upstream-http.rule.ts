import { isAxiosError } from 'axios';
import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import { PROBLEM_CODES } from '../problem-code.constants.js';
import { readNumber, readProperty } from './error-inspection.util.js';
import { parseRetryAfterMs } from './retry-after.util.js';

/** Reads `Retry-After` from axios response headers (an `AxiosHeaders` or a plain object). */
function retryAfterHeader(headers: unknown): unknown {
  const get = readProperty(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, 'retry-after');
    if (value !== undefined && value !== null) return value;
  }
  return (
    readProperty(headers, 'retry-after') ?? readProperty(headers, 'Retry-After')
  );
}

/** The classification of an upstream answer with `status`, before `Retry-After` is added. */
function classifyUpstreamStatus(status: number): ClassificationMatch {
  if (status === 408) return { code: 'UPSTREAM_TIMEOUT' };
  if (status === 429) {
    // Busy with us, not broken: a breaker counts it neither way (see ignoredByBreaker).
    return { code: 'UPSTREAM_RATE_LIMITED', ignoredByBreaker: true };
  }
  if (status === 401 || status === 403 || status === 407) {
    // The upstream refuses our credentials: the operator must fix them, the client cannot.
    return {
      code: 'UPSTREAM_ERROR',
      category: ErrorCategory.SECURITY,
      severity: ErrorSeverity.HIGH,
      retryable: false,
      countsAsFailure: false,
    };
  }
  if (status === 504) return { code: 'UPSTREAM_TIMEOUT' };
  if (status === 501 || status === 505) {
    // Not implemented and version not supported will answer the same way every time.
    return {
      code: 'UPSTREAM_ERROR',
      category: ErrorCategory.PERMANENT,
      retryable: false,
      countsAsFailure: false,
    };
  }
  if (status >= 500) return { code: 'UPSTREAM_ERROR' };
  if (status >= 200 && status < 300) {
    // Only a body axios could not read rejects a 2xx: the upstream sent something broken.
    return {
      code: 'UPSTREAM_ERROR',
      category: ErrorCategory.DATA_CORRUPTION,
      retryable: false,
      countsAsFailure: true,
    };
  }
  // Other 4xx (404 included) and stray 3xx: the upstream is healthy and refused this request.
  return {
    code: 'UPSTREAM_ERROR',
    category: ErrorCategory.PERMANENT,
    retryable: false,
    countsAsFailure: false,
  };
}

/**
 * An upstream 503 that says when to come back: `DEPENDENCY_UNAVAILABLE` (503), so the wait can
 * reach our own client in `Retry-After` (a 502 carries none); otherwise as any other 5xx.
 */
const UNAVAILABLE_FOR_A_WHILE: ClassificationMatch = {
  code: 'DEPENDENCY_UNAVAILABLE',
  category: ErrorCategory.TRANSIENT,
  severity: ErrorSeverity.MEDIUM,
};

/**
 * An upstream HTTP answer, from an axios error that carries a `response` (errors without one are
 * network failures, left to the network rule by their `code`). Records `upstreamStatus` and, when
 * the answer is retryable, turns `Retry-After` (seconds or an HTTP date, see
 * `parseRetryAfterMs`) into `retryAfterMs`.
 *
 * - 429: `UPSTREAM_RATE_LIMITED` (429), retryable, and ignored by breakers (neither failure nor
 *   success). The retry waits its `Retry-After` when that fits `maxDelayMs` and gives up at once
 *   when it does not; the response passes the wait on.
 * - 503 with a readable `Retry-After`: `DEPENDENCY_UNAVAILABLE` (503), counted, the wait passed on.
 *
 * The upstream's status is otherwise never passed through as ours: an upstream 404 is
 * `UPSTREAM_ERROR` (502, not retried, not counted) because our client did not ask for a missing
 * resource; the caller that knows what the 404 means translates it into a domain error.
 */
export const upstreamHttpRule: ClassificationRule = {
  name: 'upstream-http',
  match(error) {
    if (!isAxiosError(error)) return undefined;
    const response = readProperty(error, 'response');
    const status = readNumber(response, 'status');
    if (status === undefined) return undefined;
    let match = classifyUpstreamStatus(status);
    // A wait only means something when calling again may work.
    const retryable = match.retryable ?? PROBLEM_CODES[match.code].retryable;
    const retryAfterMs = retryable
      ? parseRetryAfterMs(retryAfterHeader(readProperty(response, 'headers')))
      : undefined;
    if (status === 503 && retryAfterMs !== undefined)
      match = UNAVAILABLE_FOR_A_WHILE;
    return {
      ...match,
      upstreamStatus: status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  },
};
