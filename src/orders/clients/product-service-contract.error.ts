import { ApplicationError } from '@nest-resilience/resilience';

/**
 * The product service answered 2xx with a body that is not the agreed shape. Answered 502
 * `UPSTREAM_ERROR`; recoverable, so the availability fallback stands in.
 */
export class ProductServiceContractError extends ApplicationError {
  static readonly CODE = 'ORDERS.PRODUCT_SERVICE_CONTRACT';
  readonly code = ProductServiceContractError.CODE;
  readonly problem = 'UPSTREAM_ERROR' as const;

  constructor() {
    super('The product service answered with an unexpected body');
  }
}
