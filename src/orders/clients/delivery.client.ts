import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import type { DeliveryRequestPayload } from '../entities/delivery-request.entity.js';
import type { DeliveryConfirmation } from './delivery-confirmation.interface.js';
import { isDeliveryRetryable } from './delivery-retry.predicate.js';
import { DownstreamUrls } from './downstream-urls.js';

/**
 * Client of the delivery service, under the `delivery-service` breaker, retry (2 attempts,
 * linear 2 s) and bulkhead (off unless configured) settings. Creating a delivery is not
 * idempotent, so only failures where it surely was not created are retried
 * ({@link isDeliveryRetryable}: network failures, 503, 504); the order id goes along as
 * `Idempotency-Key` for services that deduplicate. No fallback: the caller queues the delivery
 * instead.
 */
@Injectable()
export class DeliveryClient {
  constructor(
    private readonly http: HttpService,
    private readonly urls: DownstreamUrls,
  ) {}

  /** Asks the delivery service to deliver an order. */
  @Retry('delivery-service', { retryOn: isDeliveryRetryable })
  @CircuitBreaker('delivery-service')
  @Bulkhead('delivery-service')
  async createDelivery(
    request: DeliveryRequestPayload,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<DeliveryConfirmation> {
    const { data } = await firstValueFrom(
      this.http.post<DeliveryConfirmation>(
        `${this.urls.delivery()}/deliveries`,
        request,
        {
          signal,
          headers: { 'Idempotency-Key': request.orderId },
        },
      ),
    );
    return data;
  }
}
