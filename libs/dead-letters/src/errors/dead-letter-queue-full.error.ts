import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * The dead letter queue holds `maxSize` unresolved entries: the new one was refused, never
 * dropped silently. The producer keeps its message (nacks it, answers an error) and an alert is
 * raised. Answered 503 `DEPENDENCY_UNAVAILABLE`, retryable once entries are replayed or resolved.
 */
export class DeadLetterQueueFullError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.QUEUE_FULL';
  readonly code = DeadLetterQueueFullError.CODE;
  readonly problem = 'DEPENDENCY_UNAVAILABLE' as const;

  /** @param maxSize the configured maximum */
  constructor(readonly maxSize: number) {
    super(`The dead letter queue is full (${maxSize} unresolved entries)`);
  }
}

/** Type guard for {@link DeadLetterQueueFullError}, safe across package copies and processes. */
export function isDeadLetterQueueFullError(
  value: unknown,
): value is DeadLetterQueueFullError {
  return hasErrorCode(value, DeadLetterQueueFullError.CODE);
}
