import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * A stored dead letter value could not be decrypted: the key it names is not among the
 * configured ones (removed too early), or the value was altered or sealed for another entry.
 * Nothing is delivered or shown in its place. Answered 500 `INTERNAL`: the fix is the
 * server's key configuration, not the request.
 */
export class DeadLetterDecryptionError extends ApplicationError {
  static readonly CODE = 'DEAD_LETTER.DECRYPTION_FAILED';
  readonly code = DeadLetterDecryptionError.CODE;
  readonly problem = 'INTERNAL' as const;

  /**
   * @param context what was being read (`dead-letter/<id>/payload`)
   * @param reason why it failed; never key material or plaintext
   * @param cause what node:crypto threw, if anything
   */
  constructor(
    readonly context: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`Stored value ${context} could not be decrypted: ${reason}`, {
      cause,
    });
  }
}

/** Type guard for {@link DeadLetterDecryptionError}, safe across package copies and processes. */
export function isDeadLetterDecryptionError(
  value: unknown,
): value is DeadLetterDecryptionError {
  return hasErrorCode(value, DeadLetterDecryptionError.CODE);
}
