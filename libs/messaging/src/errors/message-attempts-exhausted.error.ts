import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * A message used up its handler's `maxAttempts`, counted across in-process retries and broker
 * redeliveries. Never retried; `cause` is the last attempt's error, which is what the dead
 * letter records.
 */
export class MessageAttemptsExhaustedError extends ApplicationError {
  static readonly CODE = 'MESSAGING.ATTEMPTS_EXHAUSTED';
  readonly code = MessageAttemptsExhaustedError.CODE;
  readonly problem = 'INTERNAL' as const;

  /**
   * @param attempts handler invocations spent on the message
   * @param maxAttempts the handler's budget
   * @param cause the last attempt's error (a stand-in rebuilt from the inbox after a restart)
   */
  constructor(
    readonly attempts: number,
    readonly maxAttempts: number,
    cause: unknown,
  ) {
    super(
      `The message failed ${attempts} of ${maxAttempts} allowed attempts.`,
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
