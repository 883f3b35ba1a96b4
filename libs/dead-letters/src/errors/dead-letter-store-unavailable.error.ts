import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * The dead letter store (the database) could not be reached, its circuit is open, or it timed
 * out. Nothing was written: the producer must keep its message. Answered 503
 * `DEPENDENCY_UNAVAILABLE` with `Retry-After`; the store's own error is the `cause`.
 */
export class DeadLetterStoreUnavailableError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.STORE_UNAVAILABLE';
  readonly code = DeadLetterStoreUnavailableError.CODE;
  readonly problem = 'DEPENDENCY_UNAVAILABLE' as const;

  /** @param cause what the store threw */
  constructor(cause: unknown) {
    super('The dead letter store is unavailable', { cause });
  }
}

/** Type guard for {@link DeadLetterStoreUnavailableError}, safe across package copies and processes. */
export function isDeadLetterStoreUnavailableError(
  value: unknown,
): value is DeadLetterStoreUnavailableError {
  return hasErrorCode(value, DeadLetterStoreUnavailableError.CODE);
}
