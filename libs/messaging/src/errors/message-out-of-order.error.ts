import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * A sequenced message arrived before its predecessor in its group was applied. Not a failure
 * of the message: the consumer parks it until the predecessor is applied (it is never
 * dead-lettered for this, and no attempt is counted).
 */
export class MessageOutOfOrderError extends ApplicationError {
  static readonly CODE = 'MESSAGING.OUT_OF_ORDER';
  readonly code = MessageOutOfOrderError.CODE;
  readonly problem = 'CONFLICT' as const;

  /**
   * @param groupKey the message's ordering group
   * @param sequence its position in the group
   */
  constructor(
    readonly groupKey: string,
    readonly sequence: number,
  ) {
    super(
      `Message ${sequence} of group ${groupKey} arrived before its predecessor.`,
    );
  }
}

/** Type guard for {@link MessageOutOfOrderError}, safe across package copies and processes. */
export function isMessageOutOfOrderError(
  value: unknown,
): value is MessageOutOfOrderError {
  return (
    isApplicationError(value) && value.code === MessageOutOfOrderError.CODE
  );
}
