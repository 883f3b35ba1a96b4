import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * No registered `DeadLetterTransport` handles the destination's scheme, so the entry cannot be
 * replayed (yet): it is left as it was. Answered 409 `CONFLICT`.
 */
export class DeadLetterTransportMissingError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.TRANSPORT_MISSING';
  readonly code = DeadLetterTransportMissingError.CODE;
  readonly problem = 'CONFLICT' as const;

  /** @param scheme the destination's scheme (`amqp`, `nats`, ...) */
  constructor(readonly scheme: string) {
    super(
      `No dead letter transport is registered for "${scheme}" destinations`,
    );
  }
}

/** Type guard for {@link DeadLetterTransportMissingError}, safe across package copies and processes. */
export function isDeadLetterTransportMissingError(
  value: unknown,
): value is DeadLetterTransportMissingError {
  return hasErrorCode(value, DeadLetterTransportMissingError.CODE);
}
