import { isBulkheadFullError } from '../../errors/bulkhead-full.error.js';
import { isCircuitOpenError } from '../../errors/circuit-open.error.js';
import { isResilienceConfigurationError } from '../../errors/resilience-configuration.error.js';
import { isTimeoutError } from '../../errors/timeout.error.js';
import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type { ClassificationRule } from '../error-classification.interface.js';
import { readNumber } from './error-inspection.util.js';

/**
 * The library's own errors, recognised by their stable codes.
 *
 * An open circuit and a full bulkhead are not counted: the breaker already knows, and counting
 * its own refusals would keep it open. `RetriesExhaustedError` is deliberately not matched, so
 * the classifier looks through to the last attempt's error in its `cause`.
 */
export const libraryErrorRule: ClassificationRule = {
  name: 'library-error',
  match(error) {
    if (isCircuitOpenError(error)) {
      const retryAfterMs = readNumber(error, 'retryAfterMs');
      return {
        code: 'CIRCUIT_OPEN',
        retryable: false,
        countsAsFailure: false,
        ...(retryAfterMs !== undefined && retryAfterMs >= 0
          ? { retryAfterMs }
          : {}),
      };
    }
    if (isBulkheadFullError(error)) {
      return {
        code: 'BULKHEAD_FULL',
        retryable: false,
        countsAsFailure: false,
      };
    }
    if (isTimeoutError(error)) {
      return {
        code: 'UPSTREAM_TIMEOUT',
        retryable: true,
        countsAsFailure: true,
      };
    }
    if (isResilienceConfigurationError(error)) {
      return {
        code: 'INTERNAL',
        category: ErrorCategory.CONFIGURATION,
        severity: ErrorSeverity.CRITICAL,
        retryable: false,
        recoverable: false,
        countsAsFailure: false,
      };
    }
    return undefined;
  },
};
