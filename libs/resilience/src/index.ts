// Module
export { ResilienceModule } from './resilience.module.js';
export {
  RESILIENCE_MODULE_OPTIONS,
  RESILIENCE_OPTIONS_TYPE,
  RESILIENCE_ASYNC_OPTIONS_TYPE,
} from './resilience.module-definition.js';
export type { ResilienceModuleOptions } from './interfaces/resilience-module-options.interface.js';
export { RESILIENCE_SETTINGS } from './resilience.constants.js';
// Decorators
export { CircuitBreaker } from './decorators/circuit-breaker.decorator.js';
export { Retry, type RetryOverrides } from './decorators/retry.decorator.js';
export { Fallback } from './decorators/fallback.decorator.js';
export { Timeout } from './decorators/timeout.decorator.js';
export { Bulkhead } from './decorators/bulkhead.decorator.js';
export { ResilienceInterceptor } from './explorer/resilience.interceptor.js';
export { AttemptSignal } from './decorators/attempt-signal.decorator.js';
export type {
  FallbackSpec,
  LastGoodOptions,
  RetryListener,
  RetryPredicate,
} from './decorators/resilience-metadata.interface.js';
export { isDegraded, degradationOf } from './policies/degradation.marker.js';
export type { FallbackInfo } from './policies/fallback-source.interface.js';
// Configuration
export { resilienceConfig, type ResilienceConfig } from './config/resilience.config.js';
export { loadResilienceSettings } from './config/resilience-config.loader.js';
export type { LoadResilienceSettingsOptions } from './config/resilience-config.loader.js';
export { RESILIENCE_DEFAULTS } from './config/resilience-defaults.constants.js';
export type {
  BackoffKind,
  BulkheadSettings,
  CircuitBreakerSettings,
  JitterKind,
  ResilienceSettings,
  ResolvedResilienceSettings,
  RetrySettings,
  ServiceResilienceSettings,
} from './config/resilience-settings.interface.js';
// Classification
export { ErrorClassifier } from './classification/error-classifier.js';
export {
  RuleBasedErrorClassifier,
  createErrorClassifier,
} from './classification/rule-based-error.classifier.js';
export { DEFAULT_CLASSIFICATION_RULES } from './classification/rules/default-classification-rules.constants.js';
export { ErrorCategory, ErrorSeverity } from './classification/error-category.enum.js';
export { PROBLEM_CODES, type ProblemCode } from './classification/problem-code.constants.js';
export type {
  ClassificationMatch,
  ClassificationRule,
  ErrorClassification,
} from './classification/error-classification.interface.js';
// Errors
export { ResilienceError } from './errors/resilience.error.js';
export { ApplicationError, isApplicationError } from './errors/application.error.js';
export { CircuitOpenError, isCircuitOpenError } from './errors/circuit-open.error.js';
export { BulkheadFullError, isBulkheadFullError } from './errors/bulkhead-full.error.js';
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
export type {
  CircuitBreakerStats,
  CircuitBreakerTotals,
  CircuitBreakerWindow,
} from './breakers/circuit-breaker-stats.interface.js';
export type {
  CircuitStateChange,
  CircuitStateListener,
  CircuitTransitionReason,
} from './breakers/circuit-state-change.interface.js';
export { BulkheadRegistry } from './bulkheads/bulkhead.registry.js';
// Policies, for use without decorators
export { composePolicies, PolicyPipeline } from './policies/policy.pipeline.js';
export { RetryPolicy, worstCaseRetryTimeMs } from './policies/retry.policy.js';
export { TimeoutPolicy } from './policies/timeout.policy.js';
export { BulkheadPolicy } from './policies/bulkhead.policy.js';
export { FallbackPolicy } from './policies/fallback.policy.js';
export type {
  ExecutionContext as AttemptContext,
  Operation,
  ResiliencePolicy,
} from './policies/policy.interface.js';
// Health
export { CircuitBreakerHealthIndicator } from './health/circuit-breaker.health.js';
// Admin
export { AdminTokenGuard } from './admin/admin-token.guard.js';
export { CircuitBreakerAdminController } from './admin/circuit-breaker-admin.controller.js';

// Building blocks the other libraries of the toolkit use
export { hasErrorCode } from './errors/resilience.error.js';
export { isProblemCode } from './classification/problem-code.constants.js';
export { UNCLASSIFIED_RULE } from './classification/rule-based-error.classifier.js';
export { type BackoffSettings, backoffDelayMs } from './policies/backoff.policy.js';
export { getResilienceMetadata } from './decorators/resilience-metadata.js';
