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
export { AttemptSignal } from './decorators/attempt-signal.decorator.js';
export type {
  FallbackSpec,
  LastGoodOptions,
  RetryListener,
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

// Errors leaving the process: the envelope
export { ResilienceExceptionFilter } from './filters/resilience-exception.filter.js';
export { ProblemDetailsFactory } from './filters/problem-details.factory.js';
export type {
  ProblemDebugInfo,
  ProblemDetails,
  ProblemFieldError,
} from './filters/problem-details.interface.js';
export type { ResilienceFilterOptions } from './filters/resilience-filter-options.interface.js';
export {
  DEFAULT_RESILIENCE_FILTER_OPTIONS,
  PROBLEM_JSON_MEDIA_TYPE,
  RESILIENCE_FILTER_OPTIONS,
} from './filters/resilience-filter.constants.js';
export { createValidationPipe } from './filters/resilience-validation.pipe.js';
export { validationExceptionFactory } from './filters/validation-exception.factory.js';
export {
  ValidationFailedError,
  isValidationFailedError,
} from './filters/validation-failed.error.js';
export { RequestTimeoutError, isRequestTimeoutError } from './filters/request-timeout.error.js';
export { RequestTimeoutInterceptor } from './filters/request-timeout.interceptor.js';
export {
  UnsupportedMediaTypeError,
  isUnsupportedMediaTypeError,
} from './filters/unsupported-media-type.error.js';
export { ContentTypeMiddleware, contentTypeMiddleware } from './filters/content-type.middleware.js';
export {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from './filters/unhandled-event-error.handler.js';
export { NoopUnhandledEventErrorHandler } from './filters/noop-unhandled-event-error.handler.js';

// Request context: request ids in logs, responses and outbound calls
export { RequestContext } from './request-context/request-context.storage.js';
export type { RequestContextState } from './request-context/request-context.interface.js';
export {
  RequestContextMiddleware,
  requestContextMiddleware,
} from './request-context/request-context.middleware.js';
export { RequestContextLogger } from './request-context/request-context.logger.js';
export { REQUEST_ID_HEADER } from './request-context/request-id.constants.js';
export { forwardRequestId } from './request-context/axios-request-id.interceptor.js';
export {
  forwardRequestIdOverRpc,
  requestIdHeaders,
} from './request-context/message-request-id.headers.js';
export { createRpcRequestContextHook } from './request-context/rpc-request-context.hook.js';

// Error log (audit trail of HIGH and CRITICAL errors)
export { ErrorLogStore } from './error-log/error-log.store.js';
export { InMemoryErrorLogStore } from './error-log/in-memory-error-log.store.js';
export type { ErrorLogEntry, ErrorLogQuery } from './error-log/error-log-entry.interface.js';

// Languages
export { ProblemMessageCatalog } from './i18n/problem-message.catalog.js';
export type { ProblemCatalog, ProblemMessage } from './i18n/problem-catalog.interface.js';

// Microservices
export { connectResilientMicroservice } from './microservices/resilient-microservice.connector.js';
