import {
  Controller,
  Get,
  Header,
  Inject,
  Res,
  UseGuards,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ResilienceMetrics } from '@nest-resilience/resilience';
import { BacklogMetrics } from './backlog.metrics.js';
import { MetricsDisabledError } from './errors/metrics-disabled.error.js';
import { metricsConfig, type MetricsConfig } from './metrics.config.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

/**
 * `GET /metrics`: every metric of the application in the Prometheus text format (version
 * 0.0.4), for a scraper. Protected by `METRICS_TOKEN` when set; outside the HTTP rate limit,
 * which is for clients, not for the scraper; 404 while `METRICS_ENABLED=false`.
 */
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ResilienceMetrics,
    private readonly backlog: BacklogMetrics,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
  ) {}

  /**
   * @throws MetricsUnauthenticatedError without the configured token (401)
   * @throws MetricsDisabledError while the metrics are turned off (404)
   */
  @Get()
  @UseGuards(MetricsTokenGuard)
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (!this.config.enabled) throw new MetricsDisabledError();
    await this.backlog.refreshIfStale();
    response.type(this.metrics.contentType);
    return this.metrics.metrics();
  }
}
