import { hasErrorCode } from '@nest-resilience/resilience';

/**
 * Thrown at boot when the dead letter encryption keys are unusable (not 32 bytes, bad base64,
 * a malformed or repeated key id): the application does not start. The message names the key
 * by its id or position, never its material.
 */
export class InvalidDeadLetterEncryptionKeyError extends Error {
  static readonly CODE = 'DEAD_LETTER.INVALID_ENCRYPTION_KEY';
  readonly code = InvalidDeadLetterEncryptionKeyError.CODE;

  /** @param problems one line per unusable key */
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid dead letter encryption keys:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = new.target.name;
  }
}

/** Type guard for {@link InvalidDeadLetterEncryptionKeyError}, safe across package copies. */
export function isInvalidDeadLetterEncryptionKeyError(
  value: unknown,
): value is InvalidDeadLetterEncryptionKeyError {
  return hasErrorCode(value, InvalidDeadLetterEncryptionKeyError.CODE);
}
