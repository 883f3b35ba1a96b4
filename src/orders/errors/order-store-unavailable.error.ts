import { ApplicationError } from '@nest-resilience/resilience';

/** The database could not store or read orders (down, restarting, its breaker open or its pool full): 503 `DEPENDENCY_UNAVAILABLE` with `Retry-After`; the same request may succeed later. */
export class OrderStoreUnavailableError extends ApplicationError {
  static readonly CODE = 'ORDERS.DATABASE_UNAVAILABLE';
  readonly code = OrderStoreUnavailableError.CODE;
  readonly problem = 'DEPENDENCY_UNAVAILABLE' as const;

  /** @param cause the database failure, logged, never sent */
  constructor(cause: unknown) {
    super('Orders cannot be stored or read right now; try again shortly', {
      cause,
    });
  }
}

/** Type guard for {@link OrderStoreUnavailableError}, safe across package copies and processes. */
export function isOrderStoreUnavailableError(
  value: unknown,
): value is OrderStoreUnavailableError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === OrderStoreUnavailableError.CODE
  );
}
