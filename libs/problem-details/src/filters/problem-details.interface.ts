import type { ErrorCategory, ProblemCode } from '@nest-resilience/resilience';

/** One invalid field of a `VALIDATION_FAILED` problem. */
export interface ProblemFieldError {
  /** JSON Pointer (RFC 6901) into the request body, for example `/products/0/quantity`. */
  pointer: string;
  /** What is wrong with it, as class-validator says it (English). */
  message: string;
}

/** Internals of an error, sent only where debugging output is enabled (never in production). */
export interface ProblemDebugInfo {
  name: string;
  message: string;
  stack?: string;
  /** `name: message` of each error in the `cause` chain, outermost first. */
  causes: string[];
}

/**
 * The one error envelope (RFC 9457 problem details, `application/problem+json`) of every HTTP
 * response and microservice reply that reports an error.
 */
export interface ProblemDetails {
  /**
   * URI identifying the problem type, one per code: `problemTypeBaseUri` + kebab-case code,
   * `https://errors.resilience.dev/circuit-open` by default. Not guaranteed to resolve.
   */
  type: string;
  /** Short, localised summary of the problem type. */
  title: string;
  /** HTTP status; equal to the response's status. */
  status: number;
  /** Localised explanation of this occurrence; never internals of an unexpected error. */
  detail: string;
  /** This occurrence: the request path (without query) or `urn:pattern:<pattern>` over RPC. */
  instance: string;
  /** Stable public code; does not change with the language. */
  code: ProblemCode;
  category: ErrorCategory;
  /** Whether the same request may succeed later (after `Retry-After` where one is sent). */
  retryable: boolean;
  /** Correlation id, equal to the `X-Request-Id` response header. */
  requestId: string;
  /** When the error was handled, ISO 8601. */
  timestamp: string;
  /** Field errors of a `VALIDATION_FAILED` problem. */
  errors?: ProblemFieldError[];
  /** Error internals; only when enabled and never in production. */
  debug?: ProblemDebugInfo;
}
