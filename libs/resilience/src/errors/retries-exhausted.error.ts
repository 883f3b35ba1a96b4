import { hasErrorCode, ResilienceError } from './resilience.error.js';

/**
 * Thrown when every attempt a retry policy allows has failed. `cause` is the last attempt's
 * error, and classification looks through to it.
 */
export class RetriesExhaustedError extends ResilienceError {
  static readonly CODE = 'RESILIENCE.RETRIES_EXHAUSTED';
  readonly code = RetriesExhaustedError.CODE;

  /**
   * @param operation name of the guarded dependency or method
   * @param attempts how many calls were made, the first included
   * @param cause the last attempt's error
   */
  constructor(
    readonly operation: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`"${operation}" failed after ${attempts} attempts`, { cause });
  }
}

/** Type guard for {@link RetriesExhaustedError}. */
export function isRetriesExhaustedError(
  value: unknown,
): value is RetriesExhaustedError {
  return hasErrorCode(value, RetriesExhaustedError.CODE);
}
