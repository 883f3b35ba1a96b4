import { Injectable } from '@nestjs/common';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import type { TargetRecord } from './target-record.interface.js';
import { TargetHttpClient } from './target-http.client.js';

/** The payment service (`payment-service`): takes payments and refunds them. */
@Injectable()
export class PaymentClient {
  constructor(private readonly http: TargetHttpClient) {}

  /** Takes a payment. @returns the payment */
  @Retry('payment-service')
  @CircuitBreaker('payment-service')
  @Bulkhead('payment-service')
  charge(
    payment: unknown,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<TargetRecord> {
    return this.http.send('payment-service', {
      method: 'POST',
      path: '/payments',
      body: payment,
      idempotencyKey,
      signal,
    });
  }

  /** Refunds a payment in full (idempotent). */
  @Retry('payment-service')
  @CircuitBreaker('payment-service')
  @Bulkhead('payment-service')
  async refund(
    paymentId: string,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<void> {
    await this.http.send('payment-service', {
      method: 'DELETE',
      path: `/payments/${encodeURIComponent(paymentId)}`,
      idempotencyKey,
      signal,
    });
  }
}
