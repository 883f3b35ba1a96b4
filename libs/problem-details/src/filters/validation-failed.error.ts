import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';
import type { ProblemFieldError } from './problem-details.interface.js';

/**
 * Thrown when a request's input is invalid, carrying one entry per invalid field. The
 * `ValidationPipe` built by `createValidationPipe()` throws it; domain code may throw it too.
 * Answered 400 `VALIDATION_FAILED` with `errors: [{ pointer, message }]`.
 */
export class ValidationFailedError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.VALIDATION_FAILED';
  readonly code = ValidationFailedError.CODE;
  readonly problem = 'VALIDATION_FAILED' as const;

  /** @param errors the invalid fields, each with a JSON Pointer into the input */
  constructor(readonly errors: readonly ProblemFieldError[]) {
    super(`Validation failed for ${errors.length} field(s)`);
  }
}

/** Type guard for {@link ValidationFailedError}, safe across package copies and processes. */
export function isValidationFailedError(
  value: unknown,
): value is ValidationFailedError {
  return (
    hasErrorCode(value, ValidationFailedError.CODE) &&
    Array.isArray((value as { errors?: unknown }).errors)
  );
}
