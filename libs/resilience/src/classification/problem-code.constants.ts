import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';

/**
 * The public error codes of the envelope, each with its HTTP status and the defaults of its
 * classification. This is the one table that turns a classified error into a response: status
 * and code never come from anywhere else.
 */
export const PROBLEM_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  MALFORMED_JSON: {
    status: 400,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  UNAUTHENTICATED: {
    status: 401,
    category: ErrorCategory.SECURITY,
    severity: ErrorSeverity.MEDIUM,
    retryable: false,
  },
  FORBIDDEN: {
    status: 403,
    category: ErrorCategory.SECURITY,
    severity: ErrorSeverity.MEDIUM,
    retryable: false,
  },
  NOT_FOUND: {
    status: 404,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  REQUEST_TIMEOUT: {
    status: 408,
    category: ErrorCategory.TRANSIENT,
    severity: ErrorSeverity.MEDIUM,
    retryable: true,
  },
  CONFLICT: {
    status: 409,
    category: ErrorCategory.BUSINESS_LOGIC,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    category: ErrorCategory.BUSINESS_LOGIC,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  RATE_LIMITED: {
    status: 429,
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.LOW,
    retryable: true,
  },
  UPSTREAM_RATE_LIMITED: {
    status: 429,
    category: ErrorCategory.EXTERNAL_DEPENDENCY,
    severity: ErrorSeverity.MEDIUM,
    retryable: true,
  },
  INTERNAL: {
    status: 500,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.HIGH,
    retryable: false,
  },
  UPSTREAM_UNAVAILABLE: {
    status: 502,
    category: ErrorCategory.TRANSIENT,
    severity: ErrorSeverity.HIGH,
    retryable: true,
  },
  UPSTREAM_ERROR: {
    status: 502,
    category: ErrorCategory.TRANSIENT,
    severity: ErrorSeverity.MEDIUM,
    retryable: true,
  },
  CIRCUIT_OPEN: {
    status: 503,
    category: ErrorCategory.EXTERNAL_DEPENDENCY,
    severity: ErrorSeverity.HIGH,
    retryable: false,
  },
  BULKHEAD_FULL: {
    status: 503,
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.MEDIUM,
    retryable: false,
  },
  FEATURE_DISABLED: {
    status: 503,
    category: ErrorCategory.CONFIGURATION,
    severity: ErrorSeverity.LOW,
    retryable: false,
  },
  DEPENDENCY_UNAVAILABLE: {
    status: 503,
    category: ErrorCategory.EXTERNAL_DEPENDENCY,
    severity: ErrorSeverity.CRITICAL,
    retryable: true,
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    category: ErrorCategory.TRANSIENT,
    severity: ErrorSeverity.MEDIUM,
    retryable: true,
  },
} as const satisfies Record<
  string,
  {
    status: number;
    category: ErrorCategory;
    severity: ErrorSeverity;
    retryable: boolean;
  }
>;

/** One of the public error codes of the envelope (`CIRCUIT_OPEN`, `NOT_FOUND`, ...). */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/**
 * Whether `value` is one of the public error codes: an own key of {@link PROBLEM_CODES}, so
 * `toString` and other inherited names are not.
 */
export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.hasOwn(PROBLEM_CODES, value);
}
