import { ApplicationError } from '@nest-resilience/resilience';

/** A listing was asked for with a `cursor` no listing handed out. Answered 400. */
export class InvalidDeadLetterCursorError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.INVALID_CURSOR';
  readonly code = InvalidDeadLetterCursorError.CODE;
  readonly problem = 'VALIDATION_FAILED' as const;

  constructor() {
    super('The cursor is not one a listing handed out');
  }
}
