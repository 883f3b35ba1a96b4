import { Injectable } from '@nestjs/common';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import type { TargetRecord } from './target-record.interface.js';
import { TargetHttpClient } from './target-http.client.js';

/**
 * The FHIR server (`fhir-server` in the resilience configuration: the seed's breaker opening
 * after 3 consecutive failures and closing after 2 good probes, 5 s per attempt, 30 s reset).
 */
@Injectable()
export class FhirServerClient {
  constructor(private readonly http: TargetHttpClient) {}

  /** Posts a FHIR transaction bundle. @returns the server's transaction response */
  @Retry('fhir-server')
  @CircuitBreaker('fhir-server')
  @Bulkhead('fhir-server')
  transact(
    bundle: unknown,
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<TargetRecord> {
    return this.http.send('fhir-server', {
      method: 'POST',
      path: '/Bundle',
      body: bundle,
      idempotencyKey,
      signal,
    });
  }
}
