import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/** The error log entry was resolved already (perhaps a moment ago, by someone else). Answered 409 `CONFLICT`. */
export class ErrorLogEntryResolvedError extends ApplicationError {
  static readonly CODE = 'ERROR_LOG.ALREADY_RESOLVED';
  readonly code = ErrorLogEntryResolvedError.CODE;
  readonly problem = 'CONFLICT' as const;

  /** @param id the entry */
  constructor(readonly id: string) {
    super(`Error log entry "${id}" is already resolved`);
  }
}

/** Type guard for {@link ErrorLogEntryResolvedError}, safe across package copies and processes. */
export function isErrorLogEntryResolvedError(
  value: unknown,
): value is ErrorLogEntryResolvedError {
  return hasErrorCode(value, ErrorLogEntryResolvedError.CODE);
}
