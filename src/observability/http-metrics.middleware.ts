import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpRequestMetrics, UNMATCHED_ROUTE } from './http-request.metrics.js';

/**
 * Times every request from here to its last byte and counts it in {@link HttpRequestMetrics}
 * under its route template, which Express knows once routing matched (`req.route`), so the
 * label is `/orders/:id` whatever id was asked for. Requests no route matched count under
 * `unmatched`; a request whose client went away before the answer is not counted.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpRequestMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (!this.metrics.enabled) return next();
    const startedAt = performance.now();
    response.once('finish', () =>
      this.metrics.record(
        request.method,
        routeTemplate(request),
        response.statusCode,
        (performance.now() - startedAt) / 1000,
      ),
    );
    next();
  }
}

/** The template of the route that answered `request`, with its mount path. */
function routeTemplate(request: Request): string {
  const path = (request as { route?: { path?: unknown } }).route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}` || '/';
}
