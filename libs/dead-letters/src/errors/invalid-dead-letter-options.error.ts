import { hasErrorCode } from '@nest-resilience/resilience';

/**
 * Thrown at boot when an option of `DeadLetterModule` is unusable (a replay timing that is not
 * a whole number of milliseconds in range): the application does not start. The message names
 * every such option and what is allowed.
 */
export class InvalidDeadLetterOptionsError extends Error {
  static readonly CODE = 'DEAD_LETTER.INVALID_OPTIONS';
  readonly code = InvalidDeadLetterOptionsError.CODE;

  /** @param problems one line per unusable option */
  constructor(readonly problems: readonly string[]) {
    super(`Invalid dead letter options:\n  - ${problems.join('\n  - ')}`);
    this.name = new.target.name;
  }
}

/** Type guard for {@link InvalidDeadLetterOptionsError}, safe across package copies. */
export function isInvalidDeadLetterOptionsError(
  value: unknown,
): value is InvalidDeadLetterOptionsError {
  return hasErrorCode(value, InvalidDeadLetterOptionsError.CODE);
}
