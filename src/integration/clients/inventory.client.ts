import { Injectable } from '@nestjs/common';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import type { TargetRecord } from './target-record.interface.js';
import { TargetHttpClient } from './target-http.client.js';

/** The inventory service (`inventory-service`): reserves stock and releases it. */
@Injectable()
export class InventoryClient {
  constructor(private readonly http: TargetHttpClient) {}

  /** Reserves the items of an order. @returns the reservation */
  @Retry('inventory-service')
  @CircuitBreaker('inventory-service')
  @Bulkhead('inventory-service')
  reserve(
    items: unknown,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<TargetRecord> {
    return this.http.send('inventory-service', {
      method: 'POST',
      path: '/reservations',
      body: { items },
      idempotencyKey,
      signal,
    });
  }

  /** Releases a reservation (idempotent). */
  @Retry('inventory-service')
  @CircuitBreaker('inventory-service')
  @Bulkhead('inventory-service')
  async release(
    reservationId: string,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<void> {
    await this.http.send('inventory-service', {
      method: 'DELETE',
      path: `/reservations/${encodeURIComponent(reservationId)}`,
      idempotencyKey,
      signal,
    });
  }
}
