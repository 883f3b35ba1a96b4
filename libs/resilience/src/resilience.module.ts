import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AdminAuditService } from './admin/admin-audit.service.js';
import { AdminAuditStore } from './admin/admin-audit.store.js';
import { AdminTokenGuard } from './admin/admin-token.guard.js';
import { AdminTokenRegistry } from './admin/admin-token.registry.js';
import { InMemoryAdminAuditStore } from './admin/in-memory-admin-audit.store.js';
import { CircuitBreakerRegistry } from './breakers/circuit-breaker.registry.js';
import { CircuitBreakerSettingsResolver } from './breakers/circuit-breaker-settings.resolver.js';
import { BulkheadRegistry } from './bulkheads/bulkhead.registry.js';
import { ErrorClassifier } from './classification/error-classifier.js';
import { createErrorClassifier } from './classification/rule-based-error.classifier.js';
import { loadResilienceSettings } from './config/resilience-config.loader.js';
import type { ResolvedResilienceSettings } from './config/resilience-settings.interface.js';
import { GuardedLayerRegistry } from './explorer/guarded-layer.registry.js';
import { ResiliencePipelineFactory } from './explorer/resilience-pipeline.factory.js';
import { ResilienceEvents } from './events/resilience.events.js';
import { ResilienceExplorer } from './explorer/resilience.explorer.js';
import { ResilienceInterceptor } from './explorer/resilience.interceptor.js';
import { CircuitBreakerHealthIndicator } from './health/circuit-breaker.health.js';
import type { ResilienceModuleOptions } from './interfaces/resilience-module-options.interface.js';
import { RESILIENCE_SETTINGS } from './resilience.constants.js';
import { FeatureToggleExplorer } from './toggles/feature-toggle.explorer.js';
import { FeatureToggleInterceptor } from './toggles/feature-toggle.interceptor.js';
import { FeatureToggleStore } from './toggles/feature-toggle.store.js';
import { FeatureToggles } from './toggles/feature.toggles.js';
import { InMemoryFeatureToggleStore } from './toggles/in-memory-feature-toggle.store.js';
import {
  RESILIENCE_MODULE_OPTIONS,
  ResilienceConfigurableModule,
} from './resilience.module-definition.js';

/**
 * Call guarding: `@CircuitBreaker`, `@Retry`, `@Fallback`, `@Timeout` and `@Bulkhead` on
 * provider methods, controller routes and microservice handlers, driven by one error
 * classification and the per-service configuration; and `@FeatureToggle` with the injectable
 * `FeatureToggles`, for the toggles of the configuration's `features` section. It installs nothing global: the decorators
 * bind their own interceptor on the routes they guard, and errors reach whatever exception
 * filter the app uses (Nest's default one, or `ProblemDetailsModule` of
 * `@nest-resilience/problem-details`).
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
      useFactory: (
        options: ResilienceModuleOptions,
      ): ResolvedResilienceSettings =>
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
    ResilienceEvents,
    CircuitBreakerRegistry,
    BulkheadRegistry,
    GuardedLayerRegistry,
    ResiliencePipelineFactory,
    ResilienceExplorer,
    ResilienceInterceptor,
    {
      provide: FeatureToggleStore,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions): FeatureToggleStore =>
        options.features?.store ?? new InMemoryFeatureToggleStore(),
    },
    FeatureToggles,
    FeatureToggleExplorer,
    FeatureToggleInterceptor,
    {
      provide: AdminAuditStore,
      inject: [RESILIENCE_MODULE_OPTIONS],
      useFactory: (options: ResilienceModuleOptions): AdminAuditStore =>
        options.admin?.auditStore ?? new InMemoryAdminAuditStore(),
    },
    AdminTokenRegistry,
    AdminAuditService,
    AdminTokenGuard,
    CircuitBreakerHealthIndicator,
  ],
  exports: [
    ResilienceEvents,
    RESILIENCE_SETTINGS,
    RESILIENCE_MODULE_OPTIONS,
    ErrorClassifier,
    CircuitBreakerRegistry,
    BulkheadRegistry,
    GuardedLayerRegistry,
    ResilienceExplorer,
    ResilienceInterceptor,
    FeatureToggleStore,
    FeatureToggles,
    FeatureToggleExplorer,
    FeatureToggleInterceptor,
    AdminAuditStore,
    AdminTokenRegistry,
    AdminAuditService,
    AdminTokenGuard,
    CircuitBreakerHealthIndicator,
  ],
})
export class ResilienceModule extends ResilienceConfigurableModule {}
