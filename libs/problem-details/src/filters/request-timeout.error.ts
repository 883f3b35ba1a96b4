import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * Thrown by `RequestTimeoutInterceptor` when a request outlives its time budget.
 * Answered 408 `REQUEST_TIMEOUT`.
 */
export class RequestTimeoutError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.REQUEST_TIMEOUT';
  readonly code = RequestTimeoutError.CODE;
  readonly problem = 'REQUEST_TIMEOUT' as const;

  /** @param timeoutMs the budget that elapsed */
  constructor(readonly timeoutMs: number) {
    super(`The request was not completed within ${timeoutMs} ms.`);
  }
}

/** Type guard for {@link RequestTimeoutError}. */
export function isRequestTimeoutError(
  value: unknown,
): value is RequestTimeoutError {
  return hasErrorCode(value, RequestTimeoutError.CODE);
}
