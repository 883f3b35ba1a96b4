import { hasErrorCode, ResilienceError } from './resilience.error.js';

/** Thrown when one attempt of a call outlives its timeout; the attempt's signal is aborted. */
export class TimeoutError extends ResilienceError {
  static readonly CODE = 'RESILIENCE.TIMEOUT';
  readonly code = TimeoutError.CODE;

  /**
   * @param operation name of the guarded dependency or method
   * @param timeoutMs the timeout that elapsed
   */
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`"${operation}" timed out after ${timeoutMs} ms`);
  }
}

/** Type guard for {@link TimeoutError}. */
export function isTimeoutError(value: unknown): value is TimeoutError {
  return hasErrorCode(value, TimeoutError.CODE);
}
