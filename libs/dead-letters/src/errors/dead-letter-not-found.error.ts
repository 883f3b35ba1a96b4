import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/** No dead letter has the requested id. Answered 404 `NOT_FOUND`. */
export class DeadLetterNotFoundError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.NOT_FOUND';
  readonly code = DeadLetterNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param id the id asked for */
  constructor(readonly id: string) {
    super(`No dead letter has id "${id}"`);
  }
}

/** Type guard for {@link DeadLetterNotFoundError}, safe across package copies and processes. */
export function isDeadLetterNotFoundError(
  value: unknown,
): value is DeadLetterNotFoundError {
  return hasErrorCode(value, DeadLetterNotFoundError.CODE);
}
