import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { ResilienceMetrics } from '@nest-resilience/resilience';

/** Buckets of `http_server_requests_seconds`, in seconds, up to the 30 s request timeout. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The route label of a request no route matched (a 404): never its path, which is unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * `http_server_requests_seconds{method,route,status}`: how long the application took to answer
 * each HTTP request, by method, route template (`/orders/:id`, never the path itself, so ids do
 * not make series) and status. Registered in the registry of {@link ResilienceMetrics}.
 */
@Injectable()
export class HttpRequestMetrics {
  private readonly histogram:
    Histogram<'method' | 'route' | 'status'> | undefined;

  constructor(metrics: ResilienceMetrics) {
    this.histogram = metrics.enabled
      ? new Histogram({
          name: 'http_server_requests_seconds',
          help: 'Time to answer HTTP requests, by method, route template and status',
          labelNames: ['method', 'route', 'status'],
          buckets: BUCKETS,
          registers: [metrics.registry],
        })
      : undefined;
  }

  /** Whether requests are measured. */
  get enabled(): boolean {
    return this.histogram !== undefined;
  }

  /**
   * Counts one answered request.
   * @param route the route template, or {@link UNMATCHED_ROUTE}
   */
  record(method: string, route: string, status: number, seconds: number): void {
    this.histogram?.observe({ method, route, status: String(status) }, seconds);
  }
}
