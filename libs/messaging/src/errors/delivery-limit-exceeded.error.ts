import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * The broker gave up on a message (a quorum queue's `x-delivery-limit`): it was delivered that
 * many times without being acknowledged, typically because it crashes every consumer before
 * its attempts can be recorded. Dead-lettered from the broker's dead-letter queue.
 */
export class DeliveryLimitExceededError extends ApplicationError {
  static readonly CODE = 'MESSAGING.DELIVERY_LIMIT_EXCEEDED';
  readonly code = DeliveryLimitExceededError.CODE;
  readonly problem = 'INTERNAL' as const;

  /**
   * @param queue the queue the broker took it out of
   * @param deliveries deliveries the broker counted, when it said
   */
  constructor(
    readonly queue: string,
    readonly deliveries?: number,
  ) {
    super(
      `The broker dead-lettered a message of ${queue} after ${deliveries ?? 'too many'} deliveries.`,
    );
  }
}

/** Type guard for {@link DeliveryLimitExceededError}. */
export function isDeliveryLimitExceededError(
  value: unknown,
): value is DeliveryLimitExceededError {
  return (
    isApplicationError(value) && value.code === DeliveryLimitExceededError.CODE
  );
}
