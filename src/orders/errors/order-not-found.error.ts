import { ApplicationError } from '@nest-resilience/resilience';

/** No order has the id asked for (404 `NOT_FOUND`). */
export class OrderNotFoundError extends ApplicationError {
  static readonly CODE = 'ORDERS.NOT_FOUND';
  readonly code = OrderNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param orderId the id asked for */
  constructor(readonly orderId: string) {
    super(`Order ${orderId} does not exist`);
  }
}

/** Type guard for {@link OrderNotFoundError}, safe across package copies and processes. */
export function isOrderNotFoundError(
  value: unknown,
): value is OrderNotFoundError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === OrderNotFoundError.CODE
  );
}
