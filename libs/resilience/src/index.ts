// Module
export { ResilienceModule } from './resilience.module.js';
export type { ResilienceModuleOptions } from './interfaces/resilience-module-options.interface.js';
// Decorators, what they record, and the interceptor they act through on routes and handlers
export { CircuitBreaker } from './decorators/circuit-breaker.decorator.js';
export { Retry, type RetryOverrides } from './decorators/retry.decorator.js';
export { Fallback } from './decorators/fallback.decorator.js';
export { Timeout } from './decorators/timeout.decorator.js';
export { Bulkhead } from './decorators/bulkhead.decorator.js';
export { AttemptSignal } from './decorators/attempt-signal.decorator.js';
export type {
  FallbackSpec,
  LastGoodOptions,
  ResilienceMethodMetadata,
  RetryListener,
  RetryPredicate,
} from './decorators/resilience-metadata.interface.js';
export { getResilienceMetadata } from './decorators/resilience-metadata.js';
export { ResilienceInterceptor } from './explorer/resilience.interceptor.js';
export { isDegraded, degradationOf } from './policies/degradation.marker.js';
// Configuration
export {
  resilienceConfig,
  type ResilienceConfig,
} from './config/resilience.config.js';
export { loadResilienceSettings } from './config/resilience-config.loader.js';
export type { LoadResilienceSettingsOptions } from './config/resilience-config.loader.js';
export { RESILIENCE_SETTINGS } from './resilience.constants.js';
export type {
  BulkheadSettings,
  CircuitBreakerSettings,
  ResilienceConfigLayer,
  ResilienceKeyOrigin,
  ResilienceSettingsOrigins,
  ResolvedResilienceSettings,
  RetrySettings,
  ServiceResilienceSettings,
} from './config/resilience-settings.interface.js';
// Classification
export { ErrorClassifier } from './classification/error-classifier.js';
export { createErrorClassifier } from './classification/rule-based-error.classifier.js';
export { UNCLASSIFIED_RULE } from './classification/rule-based-error.classifier.js';
export {
  ErrorCategory,
  ErrorSeverity,
} from './classification/error-category.enum.js';
export {
  PROBLEM_CODES,
  isProblemCode,
} from './classification/problem-code.constants.js';
export type { ProblemCode } from './classification/problem-code.constants.js';
export type {
  ClassificationMatch,
  ClassificationRule,
  ErrorClassification,
} from './classification/error-classification.interface.js';
// Errors
export {
  ApplicationError,
  isApplicationError,
} from './errors/application.error.js';
export { hasErrorCode } from './errors/resilience.error.js';
export {
  CircuitOpenError,
  isCircuitOpenError,
} from './errors/circuit-open.error.js';
export {
  BulkheadFullError,
  isBulkheadFullError,
} from './errors/bulkhead-full.error.js';
export { TimeoutError, isTimeoutError } from './errors/timeout.error.js';
export {
  RetriesExhaustedError,
  isRetriesExhaustedError,
} from './errors/retries-exhausted.error.js';
export {
  ResilienceConfigurationError,
  isResilienceConfigurationError,
} from './errors/resilience-configuration.error.js';
// Breakers and bulkheads
export { CircuitBreakerRegistry } from './breakers/circuit-breaker.registry.js';
export { CircuitBreakerPolicy } from './breakers/circuit-breaker.policy.js';
export { CircuitState } from './breakers/circuit-state.enum.js';
export type { CircuitBreakerStats } from './breakers/circuit-breaker-stats.interface.js';
export type {
  CircuitStateChange,
  CircuitStateListener,
} from './breakers/circuit-state-change.interface.js';
export { BulkheadRegistry } from './bulkheads/bulkhead.registry.js';
export {
  GuardedLayerRegistry,
  type GuardedLayer,
} from './explorer/guarded-layer.registry.js';
// Policies, for calls guarded without decorators
export {
  PolicyPipeline,
  type PolicyLayers,
} from './policies/policy.pipeline.js';
export {
  RetryPolicy,
  type RetryPolicyOptions,
} from './policies/retry.policy.js';
export {
  TimeoutPolicy,
  type TimeoutPolicyOptions,
} from './policies/timeout.policy.js';
export {
  BulkheadPolicy,
  type BulkheadPolicyOptions,
} from './policies/bulkhead.policy.js';
export {
  FallbackPolicy,
  type FallbackPolicyOptions,
} from './policies/fallback.policy.js';
export type {
  FallbackInfo,
  FallbackSource,
} from './policies/fallback-source.interface.js';
export {
  backoffDelayMs,
  type BackoffSettings,
} from './policies/backoff.policy.js';
export type { ExecutionContext as AttemptContext } from './policies/policy.interface.js';
export type {
  Operation,
  ResiliencePolicy,
} from './policies/policy.interface.js';
// What guarded calls do, as it happens
export { ResilienceEvents } from './events/resilience.events.js';
export type {
  BreakerCreatedEvent,
  BulkheadEvent,
  CallEvent,
  CallOutcome,
  CircuitStateEvent,
  FallbackEvent,
  ResilienceEvent,
  ResilienceEventListener,
  RetryEvent,
} from './events/resilience-event.interface.js';
export type {
  BulkheadAction,
  BulkheadLoadListener,
} from './policies/bulkhead.policy.js';
// Prometheus metrics of the guarded calls (needs the optional peer prom-client)
export { ResilienceMetricsModule } from './metrics/resilience-metrics.module.js';
export { ResilienceMetrics } from './metrics/resilience.metrics.js';
export type { ResilienceMetricsOptions } from './metrics/resilience-metrics-options.interface.js';
// Health and admin
export { CircuitBreakerHealthIndicator } from './health/circuit-breaker.health.js';
export { AdminTokenGuard } from './admin/admin-token.guard.js';
export { AdminTokenRegistry } from './admin/admin-token.registry.js';
export { AdminActor } from './admin/admin-actor.decorator.js';
export { AdminAction } from './admin/admin-action.decorator.js';
export type { AdminActionOptions } from './admin/admin-action.interface.js';
export type {
  AdminPrincipal,
  AdminTokenSpec,
} from './admin/admin-principal.interface.js';
export { CircuitBreakerAdminController } from './admin/circuit-breaker-admin.controller.js';
// Audit log of admin actions
export { AdminAuditStore } from './admin/admin-audit.store.js';
export { InMemoryAdminAuditStore } from './admin/in-memory-admin-audit.store.js';
export { AdminAuditService } from './admin/admin-audit.service.js';
export { AdminAuditController } from './admin/admin-audit.controller.js';
export type {
  AdminAuditCursor,
  AdminAuditEntry,
  AdminAuditFilter,
  AdminAuditOutcome,
  AdminAuditPage,
} from './admin/admin-audit-entry.interface.js';
// Feature toggles: `features` in the configuration, switched at run time by operators
export { FeatureToggle } from './decorators/feature-toggle.decorator.js';
export { getFeatureToggleMetadata } from './toggles/feature-toggle.metadata.js';
export { FeatureToggles } from './toggles/feature.toggles.js';
export { FeatureToggleInterceptor } from './toggles/feature-toggle.interceptor.js';
export { FeatureToggleStore } from './toggles/feature-toggle.store.js';
export { InMemoryFeatureToggleStore } from './toggles/in-memory-feature-toggle.store.js';
export { FEATURE_DISABLED_HEADER } from './toggles/feature-toggle.constants.js';
export {
  FeatureDisabledError,
  isFeatureDisabledError,
} from './toggles/feature-disabled.error.js';
export {
  FeatureToggleNotFoundError,
  isFeatureToggleNotFoundError,
} from './toggles/feature-toggle-not-found.error.js';
export { FeatureToggleAdminController } from './admin/feature-toggle-admin.controller.js';
export type {
  FeatureFallbackFunction,
  FeatureToggleChange,
  FeatureToggleListener,
  FeatureToggleMetadata,
  FeatureToggleOptions,
  FeatureToggleRecord,
  FeatureToggleSource,
  FeatureToggleState,
} from './toggles/feature-toggle.interface.js';
export type {
  FeatureToggleSettings,
  ResolvedFeatureToggleSettings,
} from './config/resilience-settings.interface.js';
