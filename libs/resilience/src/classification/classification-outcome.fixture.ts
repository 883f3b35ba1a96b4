import type { ErrorCategory } from './error-category.enum.js';
import type { ErrorClassification } from './error-classification.interface.js';
import type { ProblemCode } from './problem-code.constants.js';

/** The members a classification spec row asserts. */
export type Expected = Partial<ErrorClassification>;

/** The members every row asserts, in a fixed order so the spec tables stay readable. */
export function outcome(
  code: ProblemCode,
  status: number,
  category: ErrorCategory,
  retryable: boolean,
  countsAsFailure: boolean,
  recoverable: boolean,
  extra: Expected = {},
): Expected {
  return {
    code,
    status,
    category,
    retryable,
    countsAsFailure,
    recoverable,
    ...extra,
  };
}
