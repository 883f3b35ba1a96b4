// Module
export { ProblemDetailsModule } from './problem-details.module.js';
export type { ProblemDetailsModuleOptions } from './interfaces/problem-details-module-options.interface.js';
// The envelope: filter, request timeout, validation, media types, failed event handlers
export { ResilienceExceptionFilter } from './filters/resilience-exception.filter.js';
export { RequestTimeoutInterceptor } from './filters/request-timeout.interceptor.js';
export type {
  ProblemDetails,
  ProblemFieldError,
} from './filters/problem-details.interface.js';
export type { ResilienceFilterOptions } from './filters/resilience-filter-options.interface.js';
export {
  DEFAULT_RESILIENCE_FILTER_OPTIONS,
  RESILIENCE_FILTER_OPTIONS,
} from './filters/resilience-filter.constants.js';
export { createValidationPipe } from './filters/resilience-validation.pipe.js';
export { contentTypeMiddleware } from './filters/content-type.middleware.js';
export { jsonDepthMiddleware } from './filters/json-depth.middleware.js';
export {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from './filters/unhandled-event-error.handler.js';
// Errors
export {
  ValidationFailedError,
  isValidationFailedError,
} from './filters/validation-failed.error.js';
export {
  RequestTimeoutError,
  isRequestTimeoutError,
} from './filters/request-timeout.error.js';
export {
  UnsupportedMediaTypeError,
  isUnsupportedMediaTypeError,
} from './filters/unsupported-media-type.error.js';
export {
  BodyTooDeepError,
  isBodyTooDeepError,
} from './filters/body-too-deep.error.js';
// Request context: request ids in logs, responses and outbound calls
export { RequestContext } from './request-context/request-context.storage.js';
export type { RequestContextState } from './request-context/request-context.interface.js';
export { requestContextMiddleware } from './request-context/request-context.middleware.js';
export { RequestContextLogger } from './request-context/request-context.logger.js';
export { REQUEST_ID_HEADER } from './request-context/request-id.constants.js';
export { forwardRequestId } from './request-context/axios-request-id.interceptor.js';
export {
  forwardRequestIdOverRpc,
  requestIdHeaders,
} from './request-context/message-request-id.headers.js';
export { createRpcRequestContextHook } from './request-context/rpc-request-context.hook.js';
// Microservices
export { connectResilientMicroservice } from './microservices/resilient-microservice.connector.js';
// Error log (audit trail of HIGH and CRITICAL errors)
export { ErrorLogStore } from './error-log/error-log.store.js';
export { InMemoryErrorLogStore } from './error-log/in-memory-error-log.store.js';
export type {
  ErrorLogEntry,
  ErrorLogPosition,
  ErrorLogQuery,
  ErrorLogResolution,
  ErrorLogStats,
} from './error-log/error-log-entry.interface.js';
export {
  addToErrorLogStats,
  emptyErrorLogStats,
  type ErrorLogStatsGroup,
} from './error-log/error-log-stats.utils.js';
export { summarizeThrown } from './filters/thrown-value.utils.js';
// Languages
export type {
  ProblemCatalog,
  ProblemMessage,
} from './i18n/problem-catalog.interface.js';
export { PROBLEM_CATALOG_EN } from './i18n/problem-catalog-en.constants.js';
// Alerts
export { AlertService } from './alerts/alert.service.js';
export { AlertWebhookClient } from './alerts/alert-webhook.client.js';
export { AlertingErrorLogStore } from './alerts/alerting-error-log.store.js';
export { ALERT_OPTIONS } from './alerts/alert.constants.js';
export type { Alert } from './alerts/alert.interface.js';
export type { AlertOptions } from './alerts/alert-options.interface.js';
