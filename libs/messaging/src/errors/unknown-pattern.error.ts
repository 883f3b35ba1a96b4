import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * A message no handler is bound to. Permanent: waiting will not make a handler appear in this
 * process, so it is dead-lettered (and replayable once a handler exists) instead of blocking
 * the queue or being dropped.
 */
export class UnknownPatternError extends ApplicationError {
  static readonly CODE = 'MESSAGING.UNKNOWN_PATTERN';
  readonly code = UnknownPatternError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param pattern the pattern nobody handles */
  constructor(readonly pattern: string) {
    super(`No handler is bound to the pattern "${pattern}".`);
  }
}

/** Type guard for {@link UnknownPatternError}, safe across package copies and processes. */
export function isUnknownPatternError(
  value: unknown,
): value is UnknownPatternError {
  return isApplicationError(value) && value.code === UnknownPatternError.CODE;
}
