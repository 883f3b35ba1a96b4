import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import { readCode } from './error-inspection.util.js';

/** Our own process is out of something, by the system error `code`. */
const EXHAUSTED: Readonly<Record<string, ClassificationMatch>> = {
  // Out of file descriptors: they come back as sockets and files close, so a retry may work.
  EMFILE: {
    code: 'INTERNAL',
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.HIGH,
    retryable: true,
  },
  ENFILE: {
    code: 'INTERNAL',
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.HIGH,
    retryable: true,
  },
  // Out of memory or disk: nothing frees up by waiting a few hundred milliseconds.
  ENOMEM: {
    code: 'INTERNAL',
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.CRITICAL,
    retryable: false,
  },
  ENOSPC: {
    code: 'INTERNAL',
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.CRITICAL,
    retryable: false,
  },
  EDQUOT: {
    code: 'INTERNAL',
    category: ErrorCategory.RESOURCE_EXHAUSTION,
    severity: ErrorSeverity.CRITICAL,
    retryable: false,
  },
};

/**
 * The process itself ran out of a resource (`EMFILE`, `ENFILE`, `ENOMEM`, `ENOSPC`, `EDQUOT`):
 * `INTERNAL` (500) in the `RESOURCE_EXHAUSTION` category, counted, a fallback welcome.
 * File-descriptor exhaustion is retryable; memory and disk exhaustion are not, and are critical.
 */
export const resourceExhaustionRule: ClassificationRule = {
  name: 'resource-exhaustion',
  match(error) {
    const code = readCode(error);
    return code !== undefined && Object.hasOwn(EXHAUSTED, code)
      ? EXHAUSTED[code]
      : undefined;
  },
};
