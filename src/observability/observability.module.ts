import {
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ResilienceMetricsModule } from '@nest-resilience/resilience';
import { BacklogMetrics } from './backlog.metrics.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { HttpRequestMetrics } from './http-request.metrics.js';
import { MessageMetrics } from './message.metrics.js';
import { metricsConfig, type MetricsConfig } from './metrics.config.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

/**
 * The application's Prometheus metrics on `GET /metrics` (`metrics` namespace:
 * `METRICS_ENABLED`, `METRICS_TOKEN`): the resilience library's (`ResilienceMetricsModule`, with
 * the default process metrics), the HTTP requests, the messages settled, and the dead letter
 * and outbox backlogs, all in one registry of its own (never prom-client's global one). Uses
 * the dead letter queue and messaging when the app has them.
 */
@Module({
  imports: [
    ConfigModule.forFeature(metricsConfig),
    ResilienceMetricsModule.forRootAsync({
      imports: [ConfigModule.forFeature(metricsConfig)],
      inject: [metricsConfig.KEY],
      useFactory: (config: MetricsConfig) => ({ enabled: config.enabled }),
    }),
  ],
  controllers: [MetricsController],
  providers: [
    MetricsTokenGuard,
    HttpRequestMetrics,
    BacklogMetrics,
    MessageMetrics,
  ],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*splat}');
  }
}
