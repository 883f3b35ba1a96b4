import type { ValidationError } from '@nestjs/common';
import type { ProblemFieldError } from './problem-details.interface.js';
import { ValidationFailedError } from './validation-failed.error.js';

/**
 * `exceptionFactory` for Nest's `ValidationPipe`: turns class-validator's errors into a
 * {@link ValidationFailedError} with one entry per failed constraint, nested objects and array
 * items included, each located by a JSON Pointer (`/shippingAddress/zipCode`,
 * `/products/0/quantity`).
 */
export function validationExceptionFactory(
  errors: ValidationError[],
): ValidationFailedError {
  return new ValidationFailedError(toFieldErrors(errors));
}

/** Flattens class-validator's error tree into field errors with JSON Pointers (RFC 6901). */
export function toFieldErrors(
  errors: readonly ValidationError[],
  parent = '',
): ProblemFieldError[] {
  const fieldErrors: ProblemFieldError[] = [];
  for (const error of errors) {
    // A missing property name (an unknown value at the root) points at the whole document.
    const pointer =
      error.property === undefined || error.property === ''
        ? parent
        : `${parent}/${escapePointerToken(String(error.property))}`;
    for (const message of Object.values(error.constraints ?? {})) {
      fieldErrors.push({ pointer, message });
    }
    if (error.children?.length) {
      fieldErrors.push(...toFieldErrors(error.children, pointer));
    }
  }
  return fieldErrors;
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
