import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * An order event that is not valid in the order's current state (`ORDER_SHIPPED` after
 * `ORDER_CANCELLED`, any event before `ORDER_CREATED`). A business error: never retried, the
 * event is dead-lettered and the projection keeps the state it had.
 */
export class OrderEventRefusedError extends ApplicationError {
  static readonly CODE = 'ORDER_PROJECTION.EVENT_REFUSED';
  readonly code = OrderEventRefusedError.CODE;
  readonly problem = 'CONFLICT' as const;

  /**
   * @param orderId the order the event is about
   * @param eventType the refused event
   * @param current the order's status, `null` when the projection does not know the order
   */
  constructor(
    readonly orderId: string,
    readonly eventType: string,
    readonly current: string | null,
  ) {
    super(
      current === null
        ? `${eventType} refused: order ${orderId} is not known.`
        : `${eventType} refused: order ${orderId} is ${current}.`,
    );
  }
}

/** Type guard for {@link OrderEventRefusedError}, safe across package copies and processes. */
export function isOrderEventRefusedError(
  value: unknown,
): value is OrderEventRefusedError {
  return (
    isApplicationError(value) && value.code === OrderEventRefusedError.CODE
  );
}
