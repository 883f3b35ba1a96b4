import { Injectable } from '@nestjs/common';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import type { TargetRecord } from './target-record.interface.js';
import { TargetHttpClient } from './target-http.client.js';

/** The shipping service (`shipping-service`): schedules shipments and cancels them. */
@Injectable()
export class ShippingClient {
  constructor(private readonly http: TargetHttpClient) {}

  /** Schedules the shipment of an order. @returns the shipment with its tracking number */
  @Retry('shipping-service')
  @CircuitBreaker('shipping-service')
  @Bulkhead('shipping-service')
  schedule(
    shipment: unknown,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<TargetRecord> {
    return this.http.send('shipping-service', {
      method: 'POST',
      path: '/shipments',
      body: shipment,
      idempotencyKey,
      signal,
    });
  }

  /** Cancels a shipment (idempotent). */
  @Retry('shipping-service')
  @CircuitBreaker('shipping-service')
  @Bulkhead('shipping-service')
  async cancel(
    shipmentId: string,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<void> {
    await this.http.send('shipping-service', {
      method: 'DELETE',
      path: `/shipments/${encodeURIComponent(shipmentId)}`,
      idempotencyKey,
      signal,
    });
  }
}
