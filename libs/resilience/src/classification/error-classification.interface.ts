import type { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import type { ProblemCode } from './problem-code.constants.js';

/**
 * The one answer to "what does this error mean". Retry, the breaker, fallback, dead-lettering
 * and the response all read it; nothing else inspects errors.
 */
export interface ErrorClassification {
  /** Public code of the envelope, which fixes the HTTP status. */
  code: ProblemCode;
  /** HTTP status of the response (from {@link PROBLEM_CODES}). */
  status: number;
  category: ErrorCategory;
  severity: ErrorSeverity;
  /** Whether calling again may succeed: drives retry and message redelivery. */
  retryable: boolean;
  /** Whether a fallback may stand in for the result (false for client mistakes). */
  recoverable: boolean;
  /**
   * Whether the error says the dependency is unhealthy: drives breaker counting. An error that
   * does not count is, for the breaker, a call the dependency answered (a success), unless
   * {@link ignoredByBreaker} leaves it out altogether.
   */
  countsAsFailure: boolean;
  /**
   * Whether a breaker leaves the call out of every count, as neither failure nor success
   * (resilience4j's `ignoreExceptions`): an upstream 429 says the dependency is busy with us,
   * which is no sign that it is broken and no sign that it is well either. Present only when
   * `true`, and then `countsAsFailure` is `false`.
   */
  ignoredByBreaker?: true;
  /** A wait the failing side asked for (`Retry-After`, or time until the next probe). */
  retryAfterMs?: number;
  /** The error's own code where it has one (`ECONNREFUSED`, `23505`, `RESILIENCE.CIRCUIT_OPEN`). */
  sourceCode?: string;
  /** The HTTP status an upstream answered with, when the error came from one. */
  upstreamStatus?: number;
  /** Name of the rule that matched, for logs and tests. */
  rule: string;
}

/**
 * What a classification rule answers for an error it recognises: the public code, and any
 * member that differs from that code's defaults in {@link PROBLEM_CODES}.
 */
export type ClassificationMatch = { code: ProblemCode } & Partial<
  Omit<ErrorClassification, 'code' | 'status' | 'rule'>
>;

/**
 * A rule recognises errors by type, code or status (never by message text) and answers
 * `undefined` for errors it does not know. Rules are tried in order on the error and then on
 * each error in its `cause` chain; the first match wins.
 */
export interface ClassificationRule {
  /** Name reported in {@link ErrorClassification.rule}. */
  readonly name: string;
  match(error: unknown): ClassificationMatch | undefined;
}
