import { Injectable } from '@nestjs/common';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Retry,
} from '@nest-resilience/resilience';
import { TargetHttpClient } from './target-http.client.js';

/** A code with the display name the terminology server knows it by. */
export interface Concept {
  code: string;
  display: string;
}

/** The terminology server (`terminology-server`): looks codes up, changes nothing. */
@Injectable()
export class TerminologyClient {
  constructor(private readonly http: TargetHttpClient) {}

  /** Display names of `codes`. */
  @Retry('terminology-server')
  @CircuitBreaker('terminology-server')
  @Bulkhead('terminology-server')
  lookup(
    codes: readonly string[],
    idempotencyKey: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<{ concepts: Concept[] }> {
    return this.http.send('terminology-server', {
      method: 'POST',
      path: '/lookups',
      body: { codes },
      idempotencyKey,
      signal,
    });
  }
}
