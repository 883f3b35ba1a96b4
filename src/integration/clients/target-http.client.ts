import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Injectable } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { forwardRequestId } from '@nest-resilience/problem-details';
import type { TargetSystem } from '../config/integration.config.js';
import { TargetUrlResolver } from './target-url.resolver.js';

/** One call to a target system. */
export interface TargetRequest {
  method: 'POST' | 'DELETE';
  /** Path under the system's base URL, starting with `/`. */
  path: string;
  body?: unknown;
  /** Sent as `Idempotency-Key`: the same on every attempt of one step of one message. */
  idempotencyKey: string;
  /** The attempt's signal, aborted when the attempt times out. */
  signal?: AbortSignal;
}

/**
 * HTTP to the target systems: keep-alive connections, the request id forwarded, the
 * idempotency key sent. No resilience here: each system's client method carries its own
 * decorators, so each system keeps its own breaker, bulkhead and retry settings.
 */
@Injectable()
export class TargetHttpClient {
  private readonly http: AxiosInstance;

  constructor(private readonly urls: TargetUrlResolver) {
    // Keep-alive: every step of every message goes to few hosts.
    this.http = axios.create({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
      maxRedirects: 0,
    });
    forwardRequestId(this.http);
  }

  /**
   * @returns the answer's body
   * @throws the axios error for a non-2xx answer or a network failure
   */
  async send<T>(system: TargetSystem, request: TargetRequest): Promise<T> {
    const { data } = await this.http.request<T>({
      method: request.method,
      url: `${this.urls.baseUrl(system)}${request.path}`,
      data: request.body,
      headers: { 'Idempotency-Key': request.idempotencyKey },
      signal: request.signal,
    });
    return data;
  }
}
