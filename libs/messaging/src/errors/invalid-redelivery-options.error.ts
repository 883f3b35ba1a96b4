import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * The redelivery options of the messaging module or of a `@ResilientConsumer()` are invalid:
 * thrown at boot (or where the decorator is applied), naming each key and what it allows, so
 * the application does not start with a setting it would ignore or misread.
 */
export class InvalidRedeliveryOptionsError extends ApplicationError {
  static readonly CODE = 'MESSAGING.INVALID_REDELIVERY_OPTIONS';
  readonly code = InvalidRedeliveryOptionsError.CODE;
  readonly problem = 'INTERNAL' as const;

  /**
   * @param where whose options they are (`ResilientMessagingModule`, a consumer class)
   * @param problems one line per invalid key
   */
  constructor(
    readonly where: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid redelivery options of ${where}:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** Type guard for {@link InvalidRedeliveryOptionsError}, safe across package copies. */
export function isInvalidRedeliveryOptionsError(
  value: unknown,
): value is InvalidRedeliveryOptionsError {
  return (
    isApplicationError(value) &&
    value.code === InvalidRedeliveryOptionsError.CODE
  );
}
