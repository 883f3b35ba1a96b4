import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Fallback,
  FeatureToggle,
  Retry,
} from '@nest-resilience/resilience';
import { DownstreamUrls } from './downstream-urls.js';
import type { ProductAvailability } from './product-availability.interface.js';
import { ProductServiceContractError } from './product-service-contract.error.js';

/**
 * Client of the product service. Retried on network failures, timeouts and 5xx (the
 * classifier's default for an idempotent read) with the `product-service` backoff, under the
 * `product-service` breaker and bulkhead (off unless configured); once everything failed, or
 * while the breaker is open or the bulkhead full, the fallback answers "available, requires
 * manual review": orders keep flowing and a person checks them. Operators can switch the check
 * off altogether (the `product-availability-check` feature toggle, `PUT
 * /admin/features/product-availability-check`): the product service is then not called at all
 * and the same fallback answers, say while it is being migrated or during a sale's peak.
 */
@Injectable()
export class ProductClient {
  constructor(
    private readonly http: HttpService,
    private readonly urls: DownstreamUrls,
  ) {}

  /**
   * Availability of each product, in the order asked. A product the service does not mention
   * is unavailable.
   */
  @FeatureToggle('product-availability-check', { fallback: 'assumeAvailable' })
  @Fallback({ method: 'assumeAvailable' })
  @Retry('product-service')
  @CircuitBreaker('product-service')
  @Bulkhead('product-service')
  async checkAvailability(
    productIds: string[],
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<ProductAvailability[]> {
    const { data } = await firstValueFrom(
      this.http.post<unknown>(
        `${this.urls.product()}/check-availability`,
        { productIds },
        { signal },
      ),
    );
    return readAvailability(data, productIds);
  }

  /**
   * The fallback of {@link checkAvailability}, and its answer while the check is switched off:
   * nobody could confirm, so a person will.
   */
  assumeAvailable(productIds: string[]): ProductAvailability[] {
    return productIds.map((productId) => ({
      productId,
      available: true,
      quantity: null,
      requiresManualReview: true,
      fallbackUsed: true,
    }));
  }
}

function readAvailability(
  data: unknown,
  productIds: string[],
): ProductAvailability[] {
  if (!Array.isArray(data)) throw new ProductServiceContractError();
  const byId = new Map<string, ProductAvailability>();
  for (const entry of data as unknown[]) {
    const item = entry as Partial<ProductAvailability> | null;
    if (
      typeof item?.productId !== 'string' ||
      typeof item.available !== 'boolean'
    ) {
      throw new ProductServiceContractError();
    }
    const quantity = typeof item.quantity === 'number' ? item.quantity : 0;
    byId.set(item.productId, {
      productId: item.productId,
      available: item.available,
      quantity,
    });
  }
  return productIds.map(
    (productId) =>
      byId.get(productId) ?? { productId, available: false, quantity: 0 },
  );
}
