import { HttpException } from '@nestjs/common';
import type { ClassificationRule } from '../error-classification.interface.js';
import { bodyParserRule } from './body-parser.rule.js';
import { hasClassNamed, readProperty } from './error-inspection.util.js';
import { inboundProblemCode } from './inbound-status.constants.js';

/** Status of a Nest `HttpException`, from this copy of `@nestjs/common` or another one. */
function httpExceptionStatus(error: unknown): number | undefined {
  if (
    !(error instanceof HttpException) &&
    !hasClassNamed(error, 'HttpException')
  ) {
    return undefined;
  }
  const status: unknown = (error as HttpException).getStatus();
  return typeof status === 'number' && Number.isInteger(status)
    ? status
    : undefined;
}

/**
 * Nest's `HttpException` family (and what extends it, such as the throttler's 429), by status:
 * 400 and 422 `VALIDATION_FAILED`, 401 `UNAUTHENTICATED`, 403 `FORBIDDEN`, 404 and 410
 * `NOT_FOUND`, 408, 409, 413, 415, 429 `RATE_LIMITED`, 502 `UPSTREAM_ERROR`, 503
 * `DEPENDENCY_UNAVAILABLE`, 504 `UPSTREAM_TIMEOUT`, other 5xx `INTERNAL`.
 *
 * These describe our own answer, so only a 5xx counts against a breaker that happens to wrap the
 * code that threw it. An exception wrapping a body-parser error (Nest's Express adapter keeps it
 * as `cause`) is left to that cause, whose `type` tells malformed JSON from other 400s.
 */
export const nestHttpExceptionRule: ClassificationRule = {
  name: 'nest-http-exception',
  match(error) {
    const status = httpExceptionStatus(error);
    if (status === undefined) return undefined;
    if (bodyParserRule.match(readProperty(error, 'cause')) !== undefined) {
      return undefined;
    }
    return { code: inboundProblemCode(status), countsAsFailure: status >= 500 };
  },
};
