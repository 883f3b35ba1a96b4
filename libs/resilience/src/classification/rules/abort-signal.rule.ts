import { ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import { readCode, readString } from './error-inspection.util.js';

/** Codes of a call we cancelled ourselves: axios, Node's `AbortError`, undici. */
const CANCELLED_CODES: ReadonlySet<string> = new Set([
  'ERR_CANCELED',
  'ABORT_ERR',
  'UND_ERR_ABORTED',
]);

/** A call we gave up on: nobody waits for it, so there is nothing to retry or count. */
const CANCELLED: ClassificationMatch = {
  code: 'INTERNAL',
  severity: ErrorSeverity.LOW,
  retryable: false,
  recoverable: false,
  countsAsFailure: false,
};

/**
 * Calls ended by an `AbortSignal` or a cancel token. A cancellation (axios `ERR_CANCELED`,
 * Node `ABORT_ERR`, a `DOMException` named `AbortError`) is ours, not the dependency's: `INTERNAL`,
 * not retried, not counted. A `DOMException` named `TimeoutError` (from `AbortSignal.timeout()`)
 * is `UPSTREAM_TIMEOUT`, like the library's own timeout.
 *
 * When the library's timeout aborts a call, clients reject with the signal's reason, which is
 * the library's `TimeoutError`, matched earlier by the library rule.
 */
export const abortSignalRule: ClassificationRule = {
  name: 'abort-signal',
  match(error) {
    if (error instanceof DOMException) {
      const name = readString(error, 'name');
      if (name === 'AbortError') return CANCELLED;
      if (name === 'TimeoutError')
        return { code: 'UPSTREAM_TIMEOUT', sourceCode: name };
      return undefined;
    }
    const code = readCode(error);
    return code !== undefined && CANCELLED_CODES.has(code)
      ? CANCELLED
      : undefined;
  },
};
