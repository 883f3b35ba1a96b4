import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { validationExceptionFactory } from './validation-exception.factory.js';

/**
 * A `ValidationPipe` whose failures become `ValidationFailedError` (400 `VALIDATION_FAILED` with
 * `errors: [{ pointer, message }]`) instead of a `BadRequestException` with a list of strings.
 *
 * Defaults, each overridable: `transform: true` (handlers get DTO instances), `whitelist: true`
 * and `forbidNonWhitelisted: true` (an unknown member is a field error, so typos surface).
 * The `exceptionFactory` is always the library's.
 */
export function createValidationPipe(
  options: ValidationPipeOptions = {},
): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    ...options,
    exceptionFactory: validationExceptionFactory,
  });
}
