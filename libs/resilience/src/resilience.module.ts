import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AdminTokenGuard } from './admin/admin-token.guard.js';
import { CircuitBreakerRegistry } from './breakers/circuit-breaker.registry.js';
import { CircuitBreakerSettingsResolver } from './breakers/circuit-breaker-settings.resolver.js';
import { BulkheadRegistry } from './bulkheads/bulkhead.registry.js';
import { ErrorClassifier } from './classification/error-classifier.js';
import { createErrorClassifier } from './classification/rule-based-error.classifier.js';
import { loadResilienceSettings } from './config/resilience-config.loader.js';
import type { ResolvedResilienceSettings } from './config/resilience-settings.interface.js';
import { ResiliencePipelineFactory } from './explorer/resilience-pipeline.factory.js';
import { ResilienceExplorer } from './explorer/resilience.explorer.js';
import { ResilienceInterceptor } from './explorer/resilience.interceptor.js';
import { ErrorLogStore } from './error-log/error-log.store.js';
import { InMemoryErrorLogStore } from './error-log/in-memory-error-log.store.js';
import { NoopUnhandledEventErrorHandler } from './filters/noop-unhandled-event-error.handler.js';
import { RequestTimeoutInterceptor } from './filters/request-timeout.interceptor.js';
import { ResilienceExceptionFilter } from './filters/resilience-exception.filter.js';
import { RESILIENCE_FILTER_OPTIONS } from './filters/resilience-filter.constants.js';
import { UnhandledEventErrorHandler } from './filters/unhandled-event-error.handler.js';
import { CircuitBreakerHealthIndicator } from './health/circuit-breaker.health.js';
import type { ResilienceModuleOptions } from './interfaces/resilience-module-options.interface.js';
import { RESILIENCE_SETTINGS } from './resilience.constants.js';
import {
  RESILIENCE_MODULE_OPTIONS,
  ResilienceConfigurableModule,
} from './resilience.module-definition.js';

/**
 * The resilience library: `@CircuitBreaker`, `@Retry`, `@Fallback`, `@Timeout` and `@Bulkhead`
 * on provider methods, controller routes and microservice handlers, driven by one error
 * classification and the per-service configuration.
 *
 * @example
 * ```ts
 * ResilienceModule.forRootAsync({
 *   imports: [ConfigModule.forFeature(resilienceConfig)],
 *   inject: [resilienceConfig.KEY],
 *   useFactory: (settings: ResilienceConfig) => ({ settings }),
 * })
 * ```
 */
@Module({
  imports: [DiscoveryModule, TerminusModule],
  providers: [
    {
      provide: RESILIENCE_SETTINGS,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions): ResolvedResilienceSettings =>
        options.settings ?? loadResilienceSettings(),
    },
    {
      provide: ErrorClassifier,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions) =>
        createErrorClassifier(options.classificationRules),
    },
    {
      provide: CircuitBreakerSettingsResolver,
      inject: [RESILIENCE_SETTINGS],
      useFactory: (settings: ResolvedResilienceSettings) => ({
        resolve: (name: string) => settings.resolveService(name).circuitBreaker,
      }),
    },
    {
      provide: RESILIENCE_FILTER_OPTIONS,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions) => options.errors ?? {},
    },
    {
      provide: ErrorLogStore,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions) =>
        options.errorLog ?? new InMemoryErrorLogStore(),
    },
    {
      provide: UnhandledEventErrorHandler,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions) =>
        options.unhandledEventHandler ?? new NoopUnhandledEventErrorHandler(),
    },
    CircuitBreakerRegistry,
    BulkheadRegistry,
    ResiliencePipelineFactory,
    ResilienceExplorer,
    { provide: APP_FILTER, useClass: ResilienceExceptionFilter },
    // Registered first, so it is the outermost interceptor: the request timeout bounds retries too.
    { provide: APP_INTERCEPTOR, useClass: RequestTimeoutInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor },
    AdminTokenGuard,
    CircuitBreakerHealthIndicator,
  ],
  exports: [
    RESILIENCE_SETTINGS,
    RESILIENCE_MODULE_OPTIONS,
    RESILIENCE_FILTER_OPTIONS,
    ErrorClassifier,
    ErrorLogStore,
    CircuitBreakerRegistry,
    BulkheadRegistry,
    AdminTokenGuard,
    CircuitBreakerHealthIndicator,
  ],
})
export class ResilienceModule extends ResilienceConfigurableModule {}
