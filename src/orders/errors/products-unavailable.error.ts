import { ApplicationError } from '@nest-resilience/resilience';

/** The product service says some products are not available in the quantity asked for (409 `CONFLICT`). */
export class ProductsUnavailableError extends ApplicationError {
  static readonly CODE = 'ORDERS.PRODUCTS_UNAVAILABLE';
  readonly code = ProductsUnavailableError.CODE;
  readonly problem = 'CONFLICT' as const;

  /** @param productIds the products that cannot be supplied */
  constructor(readonly productIds: readonly string[]) {
    super(`Not available in the quantity asked for: ${productIds.join(', ')}`);
  }
}

/** Type guard for {@link ProductsUnavailableError}, safe across package copies and processes. */
export function isProductsUnavailableError(
  value: unknown,
): value is ProductsUnavailableError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === ProductsUnavailableError.CODE
  );
}
