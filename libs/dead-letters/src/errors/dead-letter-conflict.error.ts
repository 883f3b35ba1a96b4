import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * The dead letter is not in a state that allows the action: another replay claimed it first,
 * it is already resolved, or it changed since it was read. Answered 409 `CONFLICT`.
 */
export class DeadLetterConflictError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.CONFLICT';
  readonly code = DeadLetterConflictError.CODE;
  readonly problem = 'CONFLICT' as const;

  /**
   * @param id the dead letter
   * @param detail why, safe to show the client
   */
  constructor(
    readonly id: string,
    detail: string,
  ) {
    super(`Dead letter "${id}" ${detail}`);
  }
}

/** Type guard for {@link DeadLetterConflictError}, safe across package copies and processes. */
export function isDeadLetterConflictError(
  value: unknown,
): value is DeadLetterConflictError {
  return hasErrorCode(value, DeadLetterConflictError.CODE);
}
