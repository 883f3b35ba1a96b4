import { ApplicationError } from '@nest-resilience/resilience';
import type { OrderAction } from '../order-state.machine.js';
import type { OrderStatus } from '../order-status.enum.js';

/** The order's status does not allow the action asked for (409 `CONFLICT`). */
export class InvalidOrderTransitionError extends ApplicationError {
  static readonly CODE = 'ORDERS.INVALID_TRANSITION';
  readonly code = InvalidOrderTransitionError.CODE;
  readonly problem = 'CONFLICT' as const;

  /**
   * @param orderId the order
   * @param status its current status
   * @param action what was asked
   */
  constructor(
    readonly orderId: string,
    readonly status: OrderStatus,
    readonly action: OrderAction,
  ) {
    super(`Order ${orderId} is ${status}; it cannot ${action}`);
  }
}

/** Type guard for {@link InvalidOrderTransitionError}, safe across package copies and processes. */
export function isInvalidOrderTransitionError(
  value: unknown,
): value is InvalidOrderTransitionError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === InvalidOrderTransitionError.CODE
  );
}
