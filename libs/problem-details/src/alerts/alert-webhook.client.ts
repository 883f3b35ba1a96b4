import { Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import { ALERT_WEBHOOK_SERVICE } from './alert.constants.js';

/**
 * Posts alert bodies to the webhook, guarded by the `alert-webhook` service's breaker, retry
 * and bulkhead from the resilience configuration (so that service must be declared there): a
 * webhook that is down costs a few fast failures, not a thread of alerts piling up, and an
 * alert storm holds only the connections its bulkhead allows.
 */
@Injectable()
export class AlertWebhookClient {
  private readonly http: AxiosInstance = axios.create({
    headers: { 'content-type': 'application/json' },
  });

  /**
   * @throws the axios error of the last attempt (non-2xx answers included), `CircuitOpenError`
   *   while the webhook's circuit is open
   */
  @CircuitBreaker(ALERT_WEBHOOK_SERVICE)
  @Retry(ALERT_WEBHOOK_SERVICE)
  @Bulkhead(ALERT_WEBHOOK_SERVICE)
  async post(
    url: string,
    body: unknown,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<void> {
    await this.http.post(url, body, { signal });
  }
}
