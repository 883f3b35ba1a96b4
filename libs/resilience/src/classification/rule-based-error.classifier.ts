import type {
  ClassificationRule,
  ErrorClassification,
} from './error-classification.interface.js';
import { buildErrorClassification } from './error-classification.builder.js';
import { ErrorClassifier } from './error-classifier.js';
import { walkErrorChain } from './error-chain.util.js';
import { PROBLEM_CODES } from './problem-code.constants.js';
import { DEFAULT_CLASSIFICATION_RULES } from './rules/default-classification-rules.constants.js';
import { readCode, readProperty } from './rules/error-inspection.util.js';

/** Name reported in {@link ErrorClassification.rule} when no rule recognised the error. */
export const UNCLASSIFIED_RULE = 'unclassified';

/**
 * The answer for what no rule knows: `INTERNAL` (500), not retried, not recoverable, and
 * counted, since an unexplained failure inside a guarded call is more likely the dependency's
 * than not (as opossum and resilience4j count every error by default).
 */
function unclassified(error: unknown): ErrorClassification {
  const sourceCode = readCode(error);
  return {
    code: 'INTERNAL',
    status: PROBLEM_CODES.INTERNAL.status,
    category: PROBLEM_CODES.INTERNAL.category,
    severity: PROBLEM_CODES.INTERNAL.severity,
    retryable: false,
    recoverable: false,
    countsAsFailure: true,
    ...(sourceCode !== undefined ? { sourceCode } : {}),
    rule: UNCLASSIFIED_RULE,
  };
}

/**
 * A rule's classification of one error, or `undefined` when the rule does not know it, throws,
 * or answers something unusable.
 */
function classifyWith(
  rule: ClassificationRule,
  name: string,
  error: unknown,
): ErrorClassification | undefined {
  try {
    const match: unknown = rule.match(error);
    if (match === undefined || match === null) return undefined;
    return buildErrorClassification(match, name, error);
  } catch {
    // A rule probing an exotic value must not break classification; the next rule tries.
    return undefined;
  }
}

/** A rule's name for the report, even from a rule object without a usable one. */
function ruleName(rule: ClassificationRule): string {
  const name = readProperty(rule, 'name');
  return typeof name === 'string' && name !== '' ? name : 'anonymous';
}

/**
 * The library's {@link ErrorClassifier}: an ordered list of {@link ClassificationRule}s, tried
 * on the error and then on each error of its `cause` chain (an `AggregateError`'s `errors`
 * after its own cause); the first match wins, so a rule on the outer error beats every rule
 * on its cause. The walk visits each object once and stops after 16 links or 64 errors. A rule
 * that throws or answers something unusable is skipped. Errors are recognised by type, code
 * and status, never by message text. `classify` never throws.
 *
 * Decisions (code / status, retried?, counted by a breaker?):
 * | Error | Classification |
 * |---|---|
 * | nothing matched (also `null`, strings, ...) | `INTERNAL` 500, not retried, counted, not recoverable |
 * | `CircuitOpenError` / `BulkheadFullError` | `CIRCUIT_OPEN` (with `retryAfterMs`) / `BULKHEAD_FULL` 503, not retried, not counted |
 * | `TimeoutError` | `UPSTREAM_TIMEOUT` 504, retried, counted |
 * | `RetriesExhaustedError` | not matched: its `cause` decides |
 * | `ResilienceConfigurationError` | `INTERNAL`, `CONFIGURATION`, critical, not counted |
 * | `ApplicationError` | its `problem`, retried as the table says, never counted |
 * | `RpcException` with `{ code }` | that code, counted if 5xx; otherwise unmatched |
 * | Nest `HttpException`, body-parser / http-errors | by status (422 and unknown 4xx `VALIDATION_FAILED`, 502/503/504 their upstream codes); `entity.parse.failed` `MALFORMED_JSON`; counted only if 5xx |
 * | upstream 408 / 504 | `UPSTREAM_TIMEOUT`, retried, counted |
 * | upstream 429 | `UPSTREAM_RATE_LIMITED` with `Retry-After`, retried (not when the wait exceeds `maxDelayMs`), ignored by the breaker: neither failure nor success |
 * | upstream 401 / 403 / 407 | `UPSTREAM_ERROR` 502, `SECURITY`, high, not retried, not counted |
 * | upstream 503 with `Retry-After` | `DEPENDENCY_UNAVAILABLE` 503 with that wait, retried (as 429), counted |
 * | upstream 500 / 502 / 503 / other 5xx | `UPSTREAM_ERROR` 502 (with `retryAfterMs` for the retry), retried, counted (501, 505 not) |
 * | upstream 404 and other 4xx | `UPSTREAM_ERROR` 502, `PERMANENT`, not retried, not counted |
 * | Postgres 23505, 23P01 / SQLite unique, primary key | `CONFLICT` 409 |
 * | Postgres 40001, 40P01, 55P03 / `SQLITE_BUSY`, `SQLITE_LOCKED` | `DEPENDENCY_UNAVAILABLE` 503, `TRANSIENT`, retried, not counted |
 * | Postgres 08xxx, 57P01-03, 53300; query lost to a network code; TypeORM "not connected" | `DEPENDENCY_UNAVAILABLE` 503, retried, counted |
 * | Postgres 57014 (statement timeout) | `UPSTREAM_TIMEOUT` 504, retried, counted |
 * | Postgres 53xxx, 58xxx / `SQLITE_FULL` | `DEPENDENCY_UNAVAILABLE`, `RESOURCE_EXHAUSTION`, not retried, counted |
 * | Postgres other (23503, 23502, 23514, 22xxx, 42xxx) / other SQLite codes | `INTERNAL` 500, not counted |
 * | Postgres XX001 / `SQLITE_CORRUPT` | `INTERNAL`, `DATA_CORRUPTION`, critical, counted |
 * | TypeORM `EntityNotFoundError` / optimistic lock mismatch | `NOT_FOUND` / `CONFLICT` |
 * | ioredis `ReplyError` | `INTERNAL`, not counted (its kind is only in the message) |
 * | other ioredis errors (`MaxRetriesPerRequestError`, `AbortError`, ...) | `DEPENDENCY_UNAVAILABLE`, retried, counted |
 * | cancellation (`ERR_CANCELED`, `ABORT_ERR`, `AbortError`) | `INTERNAL`, not retried, not counted |
 * | network timeout codes / other network codes | `UPSTREAM_TIMEOUT` / `UPSTREAM_UNAVAILABLE`, retried, counted |
 * | `EMFILE`, `ENFILE` / `ENOMEM`, `ENOSPC` | `INTERNAL`, `RESOURCE_EXHAUSTION`, counted; retried / critical, not retried |
 *
 * Unless the rule says otherwise, members come from the code's row of `PROBLEM_CODES`,
 * `recoverable` is true for the `TRANSIENT`, `EXTERNAL_DEPENDENCY` and `RESOURCE_EXHAUSTION`
 * categories, and `countsAsFailure` follows `defaultCountsAsFailure`.
 */
export class RuleBasedErrorClassifier extends ErrorClassifier {
  private readonly rules: readonly ClassificationRule[];
  /** Each rule's name for the report, read once: classification runs on every failed call. */
  private readonly ruleNames: readonly string[];

  /**
   * @param rules every rule, in the order to try them: application rules first, then
   *   {@link DEFAULT_CLASSIFICATION_RULES}. {@link createErrorClassifier} builds that list.
   * @default DEFAULT_CLASSIFICATION_RULES
   */
  constructor(
    rules: readonly ClassificationRule[] = DEFAULT_CLASSIFICATION_RULES,
  ) {
    super();
    this.rules = [...rules];
    this.ruleNames = this.rules.map(ruleName);
  }

  /** Classifies any thrown value; never throws, answers `INTERNAL` for what no rule knows. */
  classify(error: unknown): ErrorClassification {
    // The walk starts with `error` itself, which most rules recognise (an open circuit on every
    // refused call, a timeout, a status): asking about it first spares the walk's allocations.
    const direct = this.classifyLink(error);
    if (direct !== undefined) return direct;
    let outer = true;
    for (const candidate of walkErrorChain(error)) {
      if (outer) {
        outer = false;
        continue;
      }
      const classification = this.classifyLink(candidate);
      if (classification !== undefined) return classification;
    }
    return unclassified(error);
  }

  /** The first rule's answer for one link of the chain. */
  private classifyLink(candidate: unknown): ErrorClassification | undefined {
    const { rules, ruleNames } = this;
    for (let i = 0; i < rules.length; i++) {
      const classification = classifyWith(rules[i], ruleNames[i], candidate);
      if (classification !== undefined) return classification;
    }
    return undefined;
  }
}

/**
 * Builds the classifier the module provides: the application's rules, tried first, then the
 * built-in ones (the library's errors, Nest and HTTP client errors, PostgreSQL, SQLite,
 * TypeORM, ioredis and network failures, recognised by type, code and status). Use it where no
 * module runs, as with the policies outside Nest.
 *
 * @param applicationRules rules for the application's own errors, or overriding a built-in
 *   answer; none by default
 */
export function createErrorClassifier(
  applicationRules: readonly ClassificationRule[] = [],
): ErrorClassifier {
  return new RuleBasedErrorClassifier([
    ...applicationRules,
    ...DEFAULT_CLASSIFICATION_RULES,
  ]);
}
