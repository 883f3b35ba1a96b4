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

// Dead letter queue
export { DeadLetterModule } from './dead-letter/dead-letter.module.js';
export {
  DEAD_LETTER_MODULE_OPTIONS,
  DEAD_LETTER_OPTIONS_TYPE,
  DEAD_LETTER_ASYNC_OPTIONS_TYPE,
  type DeadLetterModuleExtras,
} from './dead-letter/dead-letter.module-definition.js';
export type {
  BulkReplayOptions,
  DeadLetterHealthOptions,
  DeadLetterModuleOptions,
  ResolvedDeadLetterOptions,
} from './dead-letter/dead-letter-module-options.interface.js';
export {
  DEAD_LETTER_DEFAULTS,
  DEAD_LETTER_HEALTH_KEY,
  DEAD_LETTER_OPTIONS,
  REPLAY_RESOLVER,
} from './dead-letter/dead-letter.constants.js';
export { DeadLetterService } from './dead-letter/dead-letter.service.js';
export { DeadLetterPresenter } from './dead-letter/dead-letter.presenter.js';
export {
  DeadLetterStore,
  type DeadLetterClaim,
} from './dead-letter/dead-letter.store.js';
export { DeadLetterStatus } from './dead-letter/dead-letter-status.enum.js';
export type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
  DeadLetterView,
} from './dead-letter/dead-letter.interface.js';
export type {
  DeadLetterInput,
  ExternalDeadLetterInput,
} from './dead-letter/dead-letter-input.interface.js';
export type {
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStats,
} from './dead-letter/dead-letter-query.interface.js';
export { SensitiveDataMasker } from './dead-letter/sensitive-data.masker.js';
export { DEFAULT_SENSITIVE_KEYS } from './dead-letter/sensitive-keys.constants.js';
export { DeadLetterReplayService } from './dead-letter/replay/dead-letter-replay.service.js';
export {
  DeadLetterBulkReplayService,
  type BulkReplayRequest,
} from './dead-letter/replay/dead-letter-bulk-replay.service.js';
export type { BulkReplayProgress } from './dead-letter/replay/bulk-replay-progress.interface.js';
export { DeadLetterMaintenanceService } from './dead-letter/dead-letter-maintenance.service.js';
export { DeadLetterHealthIndicator } from './dead-letter/dead-letter.health.js';
export { DeadLetterTransport } from './dead-letter/transport/dead-letter.transport.js';
export type { DeadLetterDelivery } from './dead-letter/transport/dead-letter-delivery.interface.js';
export { DeadLetterTransportRegistry } from './dead-letter/transport/dead-letter-transport.registry.js';
export {
  HttpDeadLetterTransport,
  DEAD_LETTER_ID_HEADER,
} from './dead-letter/transport/http-dead-letter.transport.js';
export { DeadLetterAdminController } from './dead-letter/admin/dead-letter-admin.controller.js';
export { DeadLetterReplayAdminController } from './dead-letter/admin/dead-letter-replay-admin.controller.js';
export { buildDeadLetterOpenApi } from './dead-letter/admin/dead-letter-openapi.factory.js';
export {
  DeadLetterNotFoundError,
  isDeadLetterNotFoundError,
} from './dead-letter/errors/dead-letter-not-found.error.js';
export {
  DeadLetterConflictError,
  isDeadLetterConflictError,
} from './dead-letter/errors/dead-letter-conflict.error.js';
export {
  DeadLetterQueueFullError,
  isDeadLetterQueueFullError,
} from './dead-letter/errors/dead-letter-queue-full.error.js';
export {
  DeadLetterStoreUnavailableError,
  isDeadLetterStoreUnavailableError,
} from './dead-letter/errors/dead-letter-store-unavailable.error.js';
export {
  DeadLetterTransportMissingError,
  isDeadLetterTransportMissingError,
} from './dead-letter/errors/dead-letter-transport-missing.error.js';
export { BulkReplayNotFoundError } from './dead-letter/errors/bulk-replay-not-found.error.js';
export { InvalidDeadLetterCursorError } from './dead-letter/errors/invalid-dead-letter-cursor.error.js';
export { DeadLetterEntity } from './dead-letter/typeorm/dead-letter.entity.js';
export { ErrorLogEntity } from './dead-letter/typeorm/error-log.entity.js';
export { CreateDeadLetterTablesMigration } from './dead-letter/typeorm/create-dead-letter-tables.migration.js';
export {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
} from './dead-letter/typeorm/dead-letter-typeorm.constants.js';
export { TypeOrmDeadLetterStore } from './dead-letter/typeorm/typeorm-dead-letter.store.js';
export { TypeOrmErrorLogStore } from './dead-letter/typeorm/typeorm-error-log.store.js';

// Alerts
export { AlertService } from './alerts/alert.service.js';
export { AlertWebhookClient } from './alerts/alert-webhook.client.js';
export { AlertingErrorLogStore } from './alerts/alerting-error-log.store.js';
export {
  ALERT_DEFAULTS,
  ALERT_OPTIONS,
  ALERT_WEBHOOK_SERVICE,
} from './alerts/alert.constants.js';
export type { Alert } from './alerts/alert.interface.js';
export type {
  AlertFormat,
  AlertOptions,
} from './alerts/alert-options.interface.js';

// Pipelines: multi-step message processing with checkpoints and compensation
export {
  PipelineStatus,
  LEASED_PIPELINE_STATUSES,
  FINISHED_PIPELINE_STATUSES,
  statusOnClaim,
} from './pipelines/pipeline-status.enum.js';
export { StepAction } from './pipelines/step-action.enum.js';
export { StepOutcome } from './pipelines/step-outcome.enum.js';
export type { PipelineStep, StepInput } from './pipelines/pipeline-step.interface.js';
export type { PipelineDefinition } from './pipelines/pipeline-definition.interface.js';
export { applyCheckpointPatch } from './pipelines/checkpoint.interface.js';
export type {
  Checkpoint,
  CheckpointError,
  CheckpointPatch,
  NewCheckpoint,
} from './pipelines/checkpoint.interface.js';
export type { StepHistoryEntry } from './pipelines/step-history-entry.interface.js';
export { CheckpointStore } from './pipelines/checkpoint.store.js';
export { checkpointDueTime } from './pipelines/checkpoint-due-time.js';
export type { CheckpointClaim, CheckpointStats } from './pipelines/checkpoint.store.js';
export { InMemoryCheckpointStore } from './pipelines/in-memory-checkpoint.store.js';
export { StepPipelineRunner } from './pipelines/step-pipeline.runner.js';
export type {
  CompensationFailure,
  CompensationRunResult,
  ForwardRunResult,
  StepPipelineRunnerOptions,
} from './pipelines/step-pipeline.runner.js';
export { HandlingStrategy } from './pipelines/handling-strategy.enum.js';
export {
  determineHandlingStrategy,
  type HandlingTimings,
} from './pipelines/handling-strategy.policy.js';
export type {
  HandlingContext,
  HandlingDecision,
} from './pipelines/handling-decision.interface.js';

// Messaging: durable consumers, inbox, transactional outbox
export * from './messaging/index.js';
