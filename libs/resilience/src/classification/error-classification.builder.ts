import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import type { ErrorClassification } from './error-classification.interface.js';
import { isProblemCode, PROBLEM_CODES } from './problem-code.constants.js';
import { readCode, readProperty } from './rules/error-inspection.util.js';

const CATEGORIES: ReadonlySet<unknown> = new Set(Object.values(ErrorCategory));
const SEVERITIES: ReadonlySet<unknown> = new Set(Object.values(ErrorSeverity));

/** Categories where a fallback may stand in: the answer exists, the call could not get it. */
const RECOVERABLE_CATEGORIES: ReadonlySet<ErrorCategory> = new Set([
  ErrorCategory.TRANSIENT,
  ErrorCategory.EXTERNAL_DEPENDENCY,
  ErrorCategory.RESOURCE_EXHAUSTION,
]);

/** Categories that say the dependency (or this process) is unhealthy. */
const UNHEALTHY_CATEGORIES: ReadonlySet<ErrorCategory> = new Set([
  ErrorCategory.TRANSIENT,
  ErrorCategory.EXTERNAL_DEPENDENCY,
  ErrorCategory.RESOURCE_EXHAUSTION,
  ErrorCategory.DATA_CORRUPTION,
]);

/**
 * Default of {@link ErrorClassification.recoverable} when the rule does not say: true for the
 * `TRANSIENT`, `EXTERNAL_DEPENDENCY` and `RESOURCE_EXHAUSTION` categories.
 */
export function defaultRecoverable(category: ErrorCategory): boolean {
  return RECOVERABLE_CATEGORIES.has(category);
}

/**
 * Default of {@link ErrorClassification.countsAsFailure} when the rule does not say: counted
 * for transient, dependency, exhaustion and corruption failures, and for a `PERMANENT` error
 * answered with a 5xx (a failure nobody understood, `INTERNAL` included); never for client
 * mistakes, business refusals, security or configuration.
 */
export function defaultCountsAsFailure(
  category: ErrorCategory,
  status: number,
): boolean {
  if (UNHEALTHY_CATEGORIES.has(category)) return true;
  return category === ErrorCategory.PERMANENT && status >= 500;
}

const isBoolean = (value: unknown): value is boolean =>
  typeof value === 'boolean';
const isString = (value: unknown): value is string => typeof value === 'string';
const isCategory = (value: unknown): value is ErrorCategory =>
  CATEGORIES.has(value);
const isSeverity = (value: unknown): value is ErrorSeverity =>
  SEVERITIES.has(value);
const isDelay = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isStatus = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= 100 &&
  value <= 599;

/** A member of a rule's answer, kept only when `accept` says it has the right shape. */
function pick<T>(
  match: unknown,
  key: string,
  accept: (value: unknown) => value is T,
): T | undefined {
  const value = readProperty(match, key);
  return accept(value) ? value : undefined;
}

/**
 * The full classification for a rule's answer: the code's row of {@link PROBLEM_CODES},
 * overridden by what the rule said, with the category-based defaults for the rest. Members of
 * the wrong type (a rule written in plain JavaScript) fall back to the defaults; an answer
 * without a public `code` gives `undefined`. `sourceCode` defaults to the error's own `code`.
 * `ignoredByBreaker: true` wins over `countsAsFailure`, which it sets to `false`.
 *
 * @param match what the rule answered, trusted in nothing
 * @param rule name to report in {@link ErrorClassification.rule}
 * @param error the error the rule recognised (one link of the cause chain)
 */
export function buildErrorClassification(
  match: unknown,
  rule: string,
  error: unknown,
): ErrorClassification | undefined {
  const code = readProperty(match, 'code');
  if (!isProblemCode(code)) return undefined;
  const defaults = PROBLEM_CODES[code];
  const category = pick(match, 'category', isCategory) ?? defaults.category;
  const retryAfterMs = pick(match, 'retryAfterMs', isDelay);
  const sourceCode = pick(match, 'sourceCode', isString) ?? readCode(error);
  const upstreamStatus = pick(match, 'upstreamStatus', isStatus);
  const ignoredByBreaker = pick(match, 'ignoredByBreaker', isBoolean) === true;
  return {
    code,
    status: defaults.status,
    category,
    severity: pick(match, 'severity', isSeverity) ?? defaults.severity,
    retryable: pick(match, 'retryable', isBoolean) ?? defaults.retryable,
    recoverable:
      pick(match, 'recoverable', isBoolean) ?? defaultRecoverable(category),
    countsAsFailure:
      !ignoredByBreaker &&
      (pick(match, 'countsAsFailure', isBoolean) ??
        defaultCountsAsFailure(category, defaults.status)),
    ...(ignoredByBreaker ? { ignoredByBreaker: true as const } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(sourceCode !== undefined ? { sourceCode } : {}),
    ...(upstreamStatus !== undefined ? { upstreamStatus } : {}),
    rule,
  };
}
