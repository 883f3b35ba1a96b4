import { Module } from '@nestjs/common';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import { ResilienceEvents } from '../events/resilience.events.js';
import type { ResilienceMetricsOptions } from './resilience-metrics-options.interface.js';
import {
  RESILIENCE_METRICS_OPTIONS,
  ResilienceMetricsConfigurableModule,
} from './resilience-metrics.module-definition.js';
import { ResilienceMetrics } from './resilience.metrics.js';

/**
 * Prometheus metrics of the guarded calls: provides {@link ResilienceMetrics}, fed by the
 * events of `ResilienceModule` (which must be global, as it is by default). It serves no route
 * and registers nothing in prom-client's global registry: the app exposes
 * `ResilienceMetrics.registry` where it wants, typically on `GET /metrics`. Needs the optional
 * peer dependency `prom-client`; without it the boot stops with a message saying so.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [ResilienceModule.forRoot({}), ResilienceMetricsModule.forRoot({})],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [
    {
      provide: ResilienceMetrics,
      inject: [
        ResilienceEvents,
        RESILIENCE_METRICS_OPTIONS,
        { token: CircuitBreakerRegistry, optional: true },
      ],
      useFactory: (
        events: ResilienceEvents,
        options: ResilienceMetricsOptions,
        breakers?: CircuitBreakerRegistry,
      ) => ResilienceMetrics.create(events, options, breakers),
    },
  ],
  exports: [ResilienceMetrics],
})
export class ResilienceMetricsModule extends ResilienceMetricsConfigurableModule {}
