import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * A message used up its consumer's deliveries (`redelivery.maxDeliveries`): each failed for a
 * reason that says "later", after the handler's own in-process retries. Never retried; `cause`
 * is the last attempt's error, which is what the dead letter records (with the whole attempt
 * history in its `x-attempt-history` header).
 */
export class MessageAttemptsExhaustedError extends ApplicationError {
  static readonly CODE = 'MESSAGING.ATTEMPTS_EXHAUSTED';
  readonly code = MessageAttemptsExhaustedError.CODE;
  readonly problem = 'INTERNAL' as const;

  /**
   * @param deliveries deliveries of the message that ran its handler and failed
   * @param maxDeliveries the consumer's limit
   * @param cause the last attempt's error
   */
  constructor(
    readonly deliveries: number,
    readonly maxDeliveries: number,
    cause: unknown,
  ) {
    super(
      `The message failed ${deliveries} of ${maxDeliveries} allowed deliveries.`,
      { cause },
    );
  }
}

/** Type guard for {@link MessageAttemptsExhaustedError}. */
export function isMessageAttemptsExhaustedError(
  value: unknown,
): value is MessageAttemptsExhaustedError {
  return (
    isApplicationError(value) &&
    value.code === MessageAttemptsExhaustedError.CODE
  );
}
