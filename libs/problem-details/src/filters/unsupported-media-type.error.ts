import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * Thrown by `ContentTypeMiddleware` when a request body has a media type the API does not
 * accept (or none). Answered 415 `UNSUPPORTED_MEDIA_TYPE`.
 */
export class UnsupportedMediaTypeError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.UNSUPPORTED_MEDIA_TYPE';
  readonly code = UnsupportedMediaTypeError.CODE;
  readonly problem = 'UNSUPPORTED_MEDIA_TYPE' as const;

  /** @param supported the media types that would have been accepted */
  constructor(readonly supported: readonly string[]) {
    super(`The request body must be one of: ${supported.join(', ')}.`);
  }
}

/** Type guard for {@link UnsupportedMediaTypeError}. */
export function isUnsupportedMediaTypeError(
  value: unknown,
): value is UnsupportedMediaTypeError {
  return hasErrorCode(value, UnsupportedMediaTypeError.CODE);
}
