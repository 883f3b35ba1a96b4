import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/** No error log entry has the requested id. Answered 404 `NOT_FOUND`. */
export class ErrorLogEntryNotFoundError extends ApplicationError {
  static readonly CODE = 'ERROR_LOG.NOT_FOUND';
  readonly code = ErrorLogEntryNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param id the id asked for */
  constructor(readonly id: string) {
    super(`No error log entry has id "${id}"`);
  }
}

/** Type guard for {@link ErrorLogEntryNotFoundError}, safe across package copies and processes. */
export function isErrorLogEntryNotFoundError(
  value: unknown,
): value is ErrorLogEntryNotFoundError {
  return hasErrorCode(value, ErrorLogEntryNotFoundError.CODE);
}
