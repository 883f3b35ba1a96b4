import { HttpException } from '@nestjs/common';
import {
  type ErrorClassification,
  PROBLEM_CODES,
  type ProblemCode,
  isApplicationError,
} from '@nest-resilience/resilience';
import { ProblemMessageCatalog } from '../i18n/problem-message.catalog.js';
import type {
  ProblemDetails,
  ProblemFieldError,
} from './problem-details.interface.js';
import type { ResilienceFilterOptions } from './resilience-filter-options.interface.js';
import { resolveResilienceFilterOptions } from './resilience-filter.constants.js';
import { findInCauseChain, summarizeThrown } from './thrown-value.utils.js';
import {
  isValidationFailedError,
  type ValidationFailedError,
} from './validation-failed.error.js';

/** Where and for whom a problem occurred. */
export interface ProblemOccurrence {
  requestId: string;
  /** The request path (no query) or `urn:pattern:<pattern>`. */
  instance: string;
  /** A language of the catalog, from {@link ProblemDetailsFactory.negotiateLanguage}. */
  language: string;
}

// Codes whose 503 tells the client when to come back even though retrying inside the process
// is pointless (waiting out a backoff does not close a circuit or free a bulkhead sooner).
const WAIT_AND_RETRY_CODES: ReadonlySet<ProblemCode> = new Set([
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
]);

/**
 * Builds the envelope of an error. Code, status and category come only from the
 * classification and the one status table; the text comes from the error only where it is
 * known to be safe for clients:
 *
 * - 5xx and anything unexpected: the localised generic detail, never the error's message;
 * - `ValidationFailedError`: generic detail and `errors: [{ pointer, message }]`;
 * - `ApplicationError` (4xx): its message, which the class documents as client-safe;
 * - `HttpException` (4xx) thrown by application code: its message. One wrapping a framework
 *   error (`cause` set, as Express body-parser errors are) gets the generic detail, because
 *   such messages quote the client's input back.
 */
export class ProblemDetailsFactory {
  private readonly options: ResilienceFilterOptions;
  private readonly catalog: ProblemMessageCatalog;

  constructor(options?: Partial<ResilienceFilterOptions>) {
    this.options = resolveResilienceFilterOptions(options);
    this.catalog = new ProblemMessageCatalog(this.options.catalogs);
  }

  /** Whether envelopes carry a `debug` member: asked for, and not in production. */
  get debugEnabled(): boolean {
    return this.options.exposeDebug && !this.options.production;
  }

  /** The best catalog language for an `Accept-Language` header (English fallback). */
  negotiateLanguage(acceptLanguage: string | undefined): string {
    return this.catalog.negotiate(acceptLanguage);
  }

  /** The `type` URI of a code: `problemTypeBaseUri` + the code in kebab case. */
  typeUri(code: ProblemCode): string {
    return `${this.options.problemTypeBaseUri}${code.toLowerCase().replaceAll('_', '-')}`;
  }

  /**
   * Seconds for `Retry-After`, or `undefined` when none is due: only 429 and 503 that are
   * retryable or are `CIRCUIT_OPEN` / `BULKHEAD_FULL`. The classification's `retryAfterMs` (an
   * upstream's own `Retry-After`, or the time until a circuit's next probe) is rounded up, so
   * the client is never told a shorter wait than was asked (at least 1 s); without one,
   * `defaultRetryAfterSeconds`.
   */
  retryAfterSeconds(classification: ErrorClassification): number | undefined {
    const status = PROBLEM_CODES[classification.code].status;
    const due =
      (status === 429 || status === 503) &&
      (classification.retryable ||
        WAIT_AND_RETRY_CODES.has(classification.code));
    if (!due) return undefined;
    const ms = classification.retryAfterMs;
    return ms !== undefined && Number.isFinite(ms) && ms >= 0
      ? Math.max(1, Math.ceil(ms / 1000))
      : this.options.defaultRetryAfterSeconds;
  }

  /** The envelope of `error`, classified as `classification`, for one occurrence. */
  create(
    error: unknown,
    classification: ErrorClassification,
    occurrence: ProblemOccurrence,
  ): ProblemDetails {
    const { code } = classification;
    const { status } = PROBLEM_CODES[code];
    const message = this.catalog.get(code, occurrence.language);
    const { detail, errors } = this.describe(
      error,
      code,
      status,
      message.detail,
    );
    const problem: ProblemDetails = {
      type: this.typeUri(code),
      title: message.title,
      status,
      detail,
      instance: occurrence.instance,
      code,
      category: classification.category,
      retryable:
        classification.retryable ||
        this.retryAfterSeconds(classification) !== undefined,
      requestId: occurrence.requestId,
      timestamp: new Date().toISOString(),
    };
    if (errors !== undefined) problem.errors = errors;
    if (this.debugEnabled) problem.debug = summarizeThrown(error);
    return withExtensions(problem, error, code);
  }

  private describe(
    error: unknown,
    code: ProblemCode,
    status: number,
    generic: string,
  ): { detail: string; errors?: ProblemFieldError[] } {
    if (status >= 500) return { detail: generic };
    const validation = findInCauseChain(error, isValidationFailedError) as
      ValidationFailedError | undefined;
    if (validation && code === 'VALIDATION_FAILED') {
      return {
        detail: generic,
        errors: validation.errors.map(({ pointer, message }) => ({
          pointer,
          message,
        })),
      };
    }
    const application = findInCauseChain(
      error,
      (e) => isApplicationError(e) && e.problem === code,
    ) as { message?: unknown } | undefined;
    if (application)
      return { detail: nonEmptyString(application.message) ?? generic };
    if (error instanceof HttpException && error.cause === undefined) {
      return fromHttpException(error, code, generic);
    }
    return { detail: generic };
  }
}

/** Adds the extension members of the application error that decided `code`, if any. */
function withExtensions(
  problem: ProblemDetails,
  error: unknown,
  code: ProblemCode,
): ProblemDetails {
  const application = findInCauseChain(
    error,
    (e) => isApplicationError(e) && e.problem === code,
  ) as { extensions?: unknown } | undefined;
  const extensions = application?.extensions;
  if (typeof extensions !== 'object' || extensions === null) return problem;
  const extended: Record<string, unknown> = { ...extensions, ...problem };
  return extended as unknown as ProblemDetails;
}

function fromHttpException(
  error: HttpException,
  code: ProblemCode,
  generic: string,
): { detail: string; errors?: ProblemFieldError[] } {
  const response: unknown = error.getResponse();
  const message =
    typeof response === 'object' && response !== null
      ? (response as { message?: unknown }).message
      : response;
  const text = nonEmptyString(message);
  if (text !== undefined) return { detail: text };
  // Nest's default ValidationPipe answers a list of strings without field paths.
  if (Array.isArray(message) && code === 'VALIDATION_FAILED') {
    return {
      detail: generic,
      errors: message.map((m) => ({ pointer: '', message: String(m) })),
    };
  }
  return { detail: generic };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
