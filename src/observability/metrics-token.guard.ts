import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { MetricsUnauthenticatedError } from './errors/metrics-unauthenticated.error.js';
import { metricsConfig, type MetricsConfig } from './metrics.config.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (token: string): Buffer =>
  createHash('sha256').update(token).digest();

/**
 * Lets `GET /metrics` through with `Authorization: Bearer <METRICS_TOKEN>`, or anyone while no
 * token is configured. Tokens are compared by digest in constant time.
 *
 * @throws MetricsUnauthenticatedError without the right token (401 with `WWW-Authenticate`)
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(metricsConfig.KEY) config: MetricsConfig) {
    this.expected =
      config.token === undefined ? undefined : digest(config.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) return true;
    const { authorization } = context
      .switchToHttp()
      .getRequest<Request>().headers;
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) {
      return true;
    }
    throw new MetricsUnauthenticatedError(token !== undefined);
  }
}
